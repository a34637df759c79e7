from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.action_in_heartsteps import ActionInHeartsteps
from ...models.action_in_justin import ActionInJustin
from ...models.action_in_miwaves import ActionInMiwaves
from ...models.action_in_oralytics import ActionInOralytics
from ...models.action_in_three_messages import ActionInThreeMessages
from ...models.decision import Decision
from ...models.failure import Failure
from ...types import Response


def _get_kwargs(
    study_id: str,
    *,
    body: ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics | ActionInThreeMessages,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/studies/{study_id}/actions".format(
            study_id=quote(str(study_id), safe=""),
        ),
    }

    if isinstance(body, ActionInHeartsteps):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ActionInJustin):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ActionInMiwaves):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ActionInOralytics):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Decision | Failure | None:
    if response.status_code == 200:
        response_200 = Decision.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Failure.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Failure.from_dict(response.json())

        return response_413

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Decision | Failure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    study_id: str,
    *,
    client: AuthenticatedClient,
    body: ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics | ActionInThreeMessages,
) -> Response[Decision | Failure]:
    """Act

     The decision for the participant's current slot: made once, the same on every retry.

    `context` holds the fields the study's file declares, each checked (the body below lists
    every study's shape, with an example each); scheduled studies take the slot from the time,
    the others name it in `decision_index`.

    Args:
        study_id (str):
        body (ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics |
            ActionInThreeMessages):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Decision | Failure]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    *,
    client: AuthenticatedClient,
    body: ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics | ActionInThreeMessages,
) -> Decision | Failure | None:
    """Act

     The decision for the participant's current slot: made once, the same on every retry.

    `context` holds the fields the study's file declares, each checked (the body below lists
    every study's shape, with an example each); scheduled studies take the slot from the time,
    the others name it in `decision_index`.

    Args:
        study_id (str):
        body (ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics |
            ActionInThreeMessages):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Decision | Failure
    """

    return sync_detailed(
        study_id=study_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    *,
    client: AuthenticatedClient,
    body: ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics | ActionInThreeMessages,
) -> Response[Decision | Failure]:
    """Act

     The decision for the participant's current slot: made once, the same on every retry.

    `context` holds the fields the study's file declares, each checked (the body below lists
    every study's shape, with an example each); scheduled studies take the slot from the time,
    the others name it in `decision_index`.

    Args:
        study_id (str):
        body (ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics |
            ActionInThreeMessages):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Decision | Failure]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    *,
    client: AuthenticatedClient,
    body: ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics | ActionInThreeMessages,
) -> Decision | Failure | None:
    """Act

     The decision for the participant's current slot: made once, the same on every retry.

    `context` holds the fields the study's file declares, each checked (the body below lists
    every study's shape, with an example each); scheduled studies take the slot from the time,
    the others name it in `decision_index`.

    Args:
        study_id (str):
        body (ActionInHeartsteps | ActionInJustin | ActionInMiwaves | ActionInOralytics |
            ActionInThreeMessages):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Decision | Failure
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            client=client,
            body=body,
        )
    ).parsed
