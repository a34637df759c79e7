"""The tests' deployments: see rlservice.deployment."""

from rlservice.deployment import Deployment as Stack
from rlservice.deployment import create_database, drop_database, free_port

__all__ = ["Stack", "create_database", "drop_database", "free_port"]
