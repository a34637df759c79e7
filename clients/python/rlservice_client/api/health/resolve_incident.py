from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.incident_reply import IncidentReply
from ...models.resolve_in import ResolveIn
from ...types import Response


def _get_kwargs(
    study_id: str,
    incident_id: int,
    *,
    body: ResolveIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/studies/{study_id}/incidents/{incident_id}/resolve".format(
            study_id=quote(str(study_id), safe=""),
            incident_id=quote(str(incident_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Failure | IncidentReply | None:
    if response.status_code == 200:
        response_200 = IncidentReply.from_dict(response.json())

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
) -> Response[Failure | IncidentReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    study_id: str,
    incident_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,
) -> Response[Failure | IncidentReply]:
    """Resolve

     Record what was done about an incident, once (409 `incident_resolved` after that);
    audited. It stays open until its check is green again.

    Args:
        study_id (str):
        incident_id (int):
        body (ResolveIn): What was done about the incident: the staff's words, never a
            participant's answers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | IncidentReply]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        incident_id=incident_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    incident_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,
) -> Failure | IncidentReply | None:
    """Resolve

     Record what was done about an incident, once (409 `incident_resolved` after that);
    audited. It stays open until its check is green again.

    Args:
        study_id (str):
        incident_id (int):
        body (ResolveIn): What was done about the incident: the staff's words, never a
            participant's answers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | IncidentReply
    """

    return sync_detailed(
        study_id=study_id,
        incident_id=incident_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    incident_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,
) -> Response[Failure | IncidentReply]:
    """Resolve

     Record what was done about an incident, once (409 `incident_resolved` after that);
    audited. It stays open until its check is green again.

    Args:
        study_id (str):
        incident_id (int):
        body (ResolveIn): What was done about the incident: the staff's words, never a
            participant's answers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | IncidentReply]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        incident_id=incident_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    incident_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,
) -> Failure | IncidentReply | None:
    """Resolve

     Record what was done about an incident, once (409 `incident_resolved` after that);
    audited. It stays open until its check is green again.

    Args:
        study_id (str):
        incident_id (int):
        body (ResolveIn): What was done about the incident: the staff's words, never a
            participant's answers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | IncidentReply
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            incident_id=incident_id,
            client=client,
            body=body,
        )
    ).parsed
