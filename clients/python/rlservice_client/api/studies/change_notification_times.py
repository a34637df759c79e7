from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.times_changed import TimesChanged
from ...models.times_in import TimesIn
from ...types import Response


def _get_kwargs(
    study_id: str,
    participant_id: str,
    *,
    body: TimesIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/studies/{study_id}/participants/{participant_id}/notification-times".format(
            study_id=quote(str(study_id), safe=""),
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | TimesChanged | None:
    if response.status_code == 200:
        response_200 = TimesChanged.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Failure | TimesChanged]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    study_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient,
    body: TimesIn,
) -> Response[Failure | TimesChanged]:
    """Change Times

     New notification times for a participant of a study that takes them from participants
    (`times: participant`): learnt now, so the windows already open keep theirs; the answer
    names the first window at the new times. Asking again for the times in force stores
    nothing (`changed: false`). Audited, published as NotificationTimesChanged.

    Args:
        study_id (str):
        participant_id (str):
        body (TimesIn): A participant's new notification times, checked as at registration: the N
            window times
            of a day (24-hour HHMM, strictly increasing), one list used every day or seven, Monday
            first.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | TimesChanged]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        participant_id=participant_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient,
    body: TimesIn,
) -> Failure | TimesChanged | None:
    """Change Times

     New notification times for a participant of a study that takes them from participants
    (`times: participant`): learnt now, so the windows already open keep theirs; the answer
    names the first window at the new times. Asking again for the times in force stores
    nothing (`changed: false`). Audited, published as NotificationTimesChanged.

    Args:
        study_id (str):
        participant_id (str):
        body (TimesIn): A participant's new notification times, checked as at registration: the N
            window times
            of a day (24-hour HHMM, strictly increasing), one list used every day or seven, Monday
            first.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | TimesChanged
    """

    return sync_detailed(
        study_id=study_id,
        participant_id=participant_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient,
    body: TimesIn,
) -> Response[Failure | TimesChanged]:
    """Change Times

     New notification times for a participant of a study that takes them from participants
    (`times: participant`): learnt now, so the windows already open keep theirs; the answer
    names the first window at the new times. Asking again for the times in force stores
    nothing (`changed: false`). Audited, published as NotificationTimesChanged.

    Args:
        study_id (str):
        participant_id (str):
        body (TimesIn): A participant's new notification times, checked as at registration: the N
            window times
            of a day (24-hour HHMM, strictly increasing), one list used every day or seven, Monday
            first.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | TimesChanged]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        participant_id=participant_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient,
    body: TimesIn,
) -> Failure | TimesChanged | None:
    """Change Times

     New notification times for a participant of a study that takes them from participants
    (`times: participant`): learnt now, so the windows already open keep theirs; the answer
    names the first window at the new times. Asking again for the times in force stores
    nothing (`changed: false`). Audited, published as NotificationTimesChanged.

    Args:
        study_id (str):
        participant_id (str):
        body (TimesIn): A participant's new notification times, checked as at registration: the N
            window times
            of a day (24-hour HHMM, strictly increasing), one list used every day or seven, Monday
            first.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | TimesChanged
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            participant_id=participant_id,
            client=client,
            body=body,
        )
    ).parsed
