"""Trial archives: one file per study that outlives the deployment (`rlservice archive`), and
its replay with nothing running (`rlservice replay --archive`). design.md, "Trial archives"."""
