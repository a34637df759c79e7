"""The record taken out of a deployment and put back: a topic's events as files (topics), and
secrets sealed with an operator's passphrase (sealed). Backups, restores and trial archives
are built from these."""
