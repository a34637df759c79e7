from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.policy_distribution import PolicyDistribution
from ...types import UNSET, Response, Unset


def _get_kwargs(
    study_id: str,
    version: int,
    *,
    context: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    participant_id: None | str | Unset = UNSET,
    decision_index: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_context: None | str | Unset
    if isinstance(context, Unset):
        json_context = UNSET
    else:
        json_context = context
    params["context"] = json_context

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    else:
        json_state = state
    params["state"] = json_state

    json_participant_id: None | str | Unset
    if isinstance(participant_id, Unset):
        json_participant_id = UNSET
    else:
        json_participant_id = participant_id
    params["participant_id"] = json_participant_id

    params["decision_index"] = decision_index

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/studies/{study_id}/policies/{version}/distribution".format(
            study_id=quote(str(study_id), safe=""),
            version=quote(str(version), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Failure | PolicyDistribution | None:
    if response.status_code == 200:
        response_200 = PolicyDistribution.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Failure.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Failure.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Failure.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Failure | PolicyDistribution]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    study_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
    context: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    participant_id: None | str | Unset = UNSET,
    decision_index: int | Unset = 0,
) -> Response[Failure | PolicyDistribution]:
    """Policy Distribution

     The probability of each action under this version for a context or a state, and the
    posterior of each action's advantage over action 0 there (null for a flat policy): nothing
    is drawn, stored or published.

    Args:
        study_id (str):
        version (int):
        context (None | str | Unset): a context of the study, as JSON text
        state (None | str | Unset): a state, as a JSON list of numbers
        participant_id (None | str | Unset): whose recent rewards (and own posterior) to use
        decision_index (int | Unset): the slot a context is for (its time of day) Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | PolicyDistribution]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        version=version,
        context=context,
        state=state,
        participant_id=participant_id,
        decision_index=decision_index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
    context: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    participant_id: None | str | Unset = UNSET,
    decision_index: int | Unset = 0,
) -> Failure | PolicyDistribution | None:
    """Policy Distribution

     The probability of each action under this version for a context or a state, and the
    posterior of each action's advantage over action 0 there (null for a flat policy): nothing
    is drawn, stored or published.

    Args:
        study_id (str):
        version (int):
        context (None | str | Unset): a context of the study, as JSON text
        state (None | str | Unset): a state, as a JSON list of numbers
        participant_id (None | str | Unset): whose recent rewards (and own posterior) to use
        decision_index (int | Unset): the slot a context is for (its time of day) Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | PolicyDistribution
    """

    return sync_detailed(
        study_id=study_id,
        version=version,
        client=client,
        context=context,
        state=state,
        participant_id=participant_id,
        decision_index=decision_index,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
    context: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    participant_id: None | str | Unset = UNSET,
    decision_index: int | Unset = 0,
) -> Response[Failure | PolicyDistribution]:
    """Policy Distribution

     The probability of each action under this version for a context or a state, and the
    posterior of each action's advantage over action 0 there (null for a flat policy): nothing
    is drawn, stored or published.

    Args:
        study_id (str):
        version (int):
        context (None | str | Unset): a context of the study, as JSON text
        state (None | str | Unset): a state, as a JSON list of numbers
        participant_id (None | str | Unset): whose recent rewards (and own posterior) to use
        decision_index (int | Unset): the slot a context is for (its time of day) Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | PolicyDistribution]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        version=version,
        context=context,
        state=state,
        participant_id=participant_id,
        decision_index=decision_index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
    context: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    participant_id: None | str | Unset = UNSET,
    decision_index: int | Unset = 0,
) -> Failure | PolicyDistribution | None:
    """Policy Distribution

     The probability of each action under this version for a context or a state, and the
    posterior of each action's advantage over action 0 there (null for a flat policy): nothing
    is drawn, stored or published.

    Args:
        study_id (str):
        version (int):
        context (None | str | Unset): a context of the study, as JSON text
        state (None | str | Unset): a state, as a JSON list of numbers
        participant_id (None | str | Unset): whose recent rewards (and own posterior) to use
        decision_index (int | Unset): the slot a context is for (its time of day) Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | PolicyDistribution
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            version=version,
            client=client,
            context=context,
            state=state,
            participant_id=participant_id,
            decision_index=decision_index,
        )
    ).parsed
