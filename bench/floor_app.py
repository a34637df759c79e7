"""The floor benchmark's empty route: FastAPI parsing a small JSON body shaped like a JustIn
action request into a model and answering a small JSON, with nothing behind it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Asked(BaseModel):
    user_id: str
    timestamp: str
    decision_idx: int
    context: dict[str, Any]


@app.post("/floor")
async def floor(body: Asked) -> dict[str, Any]:
    return {"status": "success", "action": 1, "probability": 0.5, "user_id": body.user_id}
