"""A study's health checks (issue 14): what each check means, how a number grades into green,
yellow or red, and the pure arithmetic some of them need. No I/O: rladapters.monitoring computes
the numbers from the record, and the trainer's housekeeping stores the results."""
