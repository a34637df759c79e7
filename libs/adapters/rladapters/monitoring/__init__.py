"""A study's health checks over the record: `measures` computes each check's number with SQL,
`health` grades and stores them (check results, incidents) and reads them for the routes."""
