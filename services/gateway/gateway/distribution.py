"""What a policy version would do for a state: the probability of each action, computed as a
decision computes it (rldomain.deciding), and the posterior of the advantages behind them
(rldomain.advantage), with nothing drawn, stored or published.

The state is given, or built from a context as a decision would build it: with the
participant's recent rewards when one is named (read as the decision service reads them), with
none otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from pydantic import Field, TypeAdapter, ValidationError

from gateway import participants
from gateway.contexts import validate_context
from gateway.inputs import Finite, FreeObject
from rladapters.participants import Participants
from rldomain.advantage import advantages
from rldomain.algorithms import decode_params
from rldomain.deciding import action_probabilities
from rldomain.errors import Invalid, NotFound
from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion

MAX_STATE = 64  # entries of a given state; the studies' states have a handful
_CONTEXT = TypeAdapter(FreeObject)
_STATE = TypeAdapter(Annotated[list[Finite], Field(max_length=MAX_STATE)])


class StoredVersions(Protocol):
    async def get(self, study_id: str, version: int) -> PolicyVersion | None: ...


class RecentRewards(Protocol):
    async def recent_many(self, who: Sequence[tuple[str, str]]) -> list[list[float]]: ...


@dataclass(frozen=True)
class DistributionDeps:
    versions: StoredVersions
    history: RecentRewards
    participants: Participants


@dataclass(frozen=True)
class Distribution:
    state: tuple[float, ...]
    probabilities: tuple[float, ...]  # of each action, by its number
    # (means, standard deviations) of actions 1..K-1's advantages over 0; None: a flat policy
    advantages: tuple[tuple[float, ...], tuple[float, ...]] | None


def _parsed(adapter: TypeAdapter[Any], text: str, name: str) -> Any:
    """The JSON text as `adapter` reads it; refusals name where, never what."""
    try:
        return adapter.validate_json(text)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(p) for p in (name, *e['loc']))}: {e['msg']}" for e in error.errors()
        ]
        raise Invalid(f"invalid_{name}", "; ".join(problems)) from None


async def distribution(
    deps: DistributionDeps,
    study: Study,
    version: int,
    *,
    context: str | None,
    state: str | None,
    participant_id: str | None,
    decision_index: int,
) -> Distribution:
    """Exactly one of `context` and `state`, each as JSON text."""
    if (context is None) == (state is None):
        raise Invalid("invalid_request", "give either a context or a state")
    if participant_id is not None:  # their rewards and, in a random-effects policy, their own
        await participants.find(deps.participants, study.id, participant_id)
    row = await deps.versions.get(study.id, version)
    if row is None:
        raise NotFound("policy_not_found", f"no policy version {version} in study {study.id}")
    policy = Policy(study.id, row.version, row.algorithm, decode_params(row.params))
    if state is not None:
        built = tuple(float(v) for v in _parsed(_STATE, state, "state"))
        if len(built) != study.states.state_dim:
            expected = study.states.state_dim
            raise Invalid("invalid_state", f"state: must have {expected} entries")
    else:
        fields = validate_context(study, _parsed(_CONTEXT, context or "", "context"))
        rewards: list[float] = []
        if participant_id is not None:
            [rewards] = await deps.history.recent_many([(study.id, participant_id)])
        try:
            built = study.state_of(fields, rewards, decision_index)
        except ValueError:  # its message may quote a value
            raise Invalid("invalid_context", "context: makes no state for this study") from None
    try:
        probabilities = action_probabilities(study, policy, built, participant_id or "")
        posterior = advantages(study, policy, built, participant_id or "")
    except ValueError:  # a state far off any scale the policy knows (say 1e300)
        raise Invalid("invalid_state", "state: gives no probability under this policy") from None
    return Distribution(built, probabilities, posterior)
