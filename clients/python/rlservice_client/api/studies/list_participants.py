import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.list_participants_status_type_0_item import ListParticipantsStatusType0Item
from ...models.participant_page import ParticipantPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    study_id: str,
    *,
    status: list[ListParticipantsStatusType0Item] | None | Unset = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    limit: int | Unset = 100,
    after: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: list[str] | None | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, list):
        json_status = []
        for status_type_0_item_data in status:
            status_type_0_item = status_type_0_item_data.value
            json_status.append(status_type_0_item)

    else:
        json_status = status
    params["status"] = json_status

    json_registered_from: None | str | Unset
    if isinstance(registered_from, Unset):
        json_registered_from = UNSET
    elif isinstance(registered_from, datetime.date):
        json_registered_from = registered_from.isoformat()
    else:
        json_registered_from = registered_from
    params["registered_from"] = json_registered_from

    json_registered_to: None | str | Unset
    if isinstance(registered_to, Unset):
        json_registered_to = UNSET
    elif isinstance(registered_to, datetime.date):
        json_registered_to = registered_to.isoformat()
    else:
        json_registered_to = registered_to
    params["registered_to"] = json_registered_to

    params["limit"] = limit

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/studies/{study_id}/participants".format(
            study_id=quote(str(study_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Failure | ParticipantPage | None:
    if response.status_code == 200:
        response_200 = ParticipantPage.from_dict(response.json())

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
) -> Response[Failure | ParticipantPage]:
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
    status: list[ListParticipantsStatusType0Item] | None | Unset = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    limit: int | Unset = 100,
    after: None | str | Unset = UNSET,
) -> Response[Failure | ParticipantPage]:
    """List Participants

     The study's participants by id, a page at a time, of the statuses and registration days
    asked (e.g. `status=COMPLETED_AWAITING_REVIEW`: the review queue).

    Args:
        study_id (str):
        status (list[ListParticipantsStatusType0Item] | None | Unset): any of these statuses
            (repeat the key)
        registered_from (datetime.date | None | Unset): registered on or after/before this UTC day
        registered_to (datetime.date | None | Unset): registered on or after/before this UTC day
        limit (int | Unset): at most this many Default: 100.
        after (None | str | Unset): the page after this participant id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | ParticipantPage]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
        limit=limit,
        after=after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    *,
    client: AuthenticatedClient,
    status: list[ListParticipantsStatusType0Item] | None | Unset = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    limit: int | Unset = 100,
    after: None | str | Unset = UNSET,
) -> Failure | ParticipantPage | None:
    """List Participants

     The study's participants by id, a page at a time, of the statuses and registration days
    asked (e.g. `status=COMPLETED_AWAITING_REVIEW`: the review queue).

    Args:
        study_id (str):
        status (list[ListParticipantsStatusType0Item] | None | Unset): any of these statuses
            (repeat the key)
        registered_from (datetime.date | None | Unset): registered on or after/before this UTC day
        registered_to (datetime.date | None | Unset): registered on or after/before this UTC day
        limit (int | Unset): at most this many Default: 100.
        after (None | str | Unset): the page after this participant id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | ParticipantPage
    """

    return sync_detailed(
        study_id=study_id,
        client=client,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
        limit=limit,
        after=after,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    *,
    client: AuthenticatedClient,
    status: list[ListParticipantsStatusType0Item] | None | Unset = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    limit: int | Unset = 100,
    after: None | str | Unset = UNSET,
) -> Response[Failure | ParticipantPage]:
    """List Participants

     The study's participants by id, a page at a time, of the statuses and registration days
    asked (e.g. `status=COMPLETED_AWAITING_REVIEW`: the review queue).

    Args:
        study_id (str):
        status (list[ListParticipantsStatusType0Item] | None | Unset): any of these statuses
            (repeat the key)
        registered_from (datetime.date | None | Unset): registered on or after/before this UTC day
        registered_to (datetime.date | None | Unset): registered on or after/before this UTC day
        limit (int | Unset): at most this many Default: 100.
        after (None | str | Unset): the page after this participant id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | ParticipantPage]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
        limit=limit,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    *,
    client: AuthenticatedClient,
    status: list[ListParticipantsStatusType0Item] | None | Unset = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    limit: int | Unset = 100,
    after: None | str | Unset = UNSET,
) -> Failure | ParticipantPage | None:
    """List Participants

     The study's participants by id, a page at a time, of the statuses and registration days
    asked (e.g. `status=COMPLETED_AWAITING_REVIEW`: the review queue).

    Args:
        study_id (str):
        status (list[ListParticipantsStatusType0Item] | None | Unset): any of these statuses
            (repeat the key)
        registered_from (datetime.date | None | Unset): registered on or after/before this UTC day
        registered_to (datetime.date | None | Unset): registered on or after/before this UTC day
        limit (int | Unset): at most this many Default: 100.
        after (None | str | Unset): the page after this participant id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | ParticipantPage
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            client=client,
            status=status,
            registered_from=registered_from,
            registered_to=registered_to,
            limit=limit,
            after=after,
        )
    ).parsed
