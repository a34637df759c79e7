from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exclusion import Exclusion
from ...models.exclusion_in import ExclusionIn
from ...models.failure import Failure
from ...types import Response


def _get_kwargs(
    study_id: str,
    *,
    body: ExclusionIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/studies/{study_id}/exclusions".format(
            study_id=quote(str(study_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Exclusion | Failure | None:
    if response.status_code == 201:
        response_201 = Exclusion.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Failure.from_dict(response.json())

        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Exclusion | Failure]:
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
    body: ExclusionIn,
) -> Response[Exclusion | Failure]:
    """Exclude

     Leave data out of every update from now on: a participant's, a range of decision
    indexes, decisions made in a time range, or where the criteria given meet. What a version
    was fit on already stays in it (audited).

    Args:
        study_id (str):
        body (ExclusionIn): What updates leave out from now on: where every criterion given meets
            (at least one).
            Times are lax, as UpdateIn's (ISO 8601 or seconds since the epoch), and name their zone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Exclusion | Failure]
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
    body: ExclusionIn,
) -> Exclusion | Failure | None:
    """Exclude

     Leave data out of every update from now on: a participant's, a range of decision
    indexes, decisions made in a time range, or where the criteria given meet. What a version
    was fit on already stays in it (audited).

    Args:
        study_id (str):
        body (ExclusionIn): What updates leave out from now on: where every criterion given meets
            (at least one).
            Times are lax, as UpdateIn's (ISO 8601 or seconds since the epoch), and name their zone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Exclusion | Failure
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
    body: ExclusionIn,
) -> Response[Exclusion | Failure]:
    """Exclude

     Leave data out of every update from now on: a participant's, a range of decision
    indexes, decisions made in a time range, or where the criteria given meet. What a version
    was fit on already stays in it (audited).

    Args:
        study_id (str):
        body (ExclusionIn): What updates leave out from now on: where every criterion given meets
            (at least one).
            Times are lax, as UpdateIn's (ISO 8601 or seconds since the epoch), and name their zone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Exclusion | Failure]
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
    body: ExclusionIn,
) -> Exclusion | Failure | None:
    """Exclude

     Leave data out of every update from now on: a participant's, a range of decision
    indexes, decisions made in a time range, or where the criteria given meet. What a version
    was fit on already stays in it (audited).

    Args:
        study_id (str):
        body (ExclusionIn): What updates leave out from now on: where every criterion given meets
            (at least one).
            Times are lax, as UpdateIn's (ISO 8601 or seconds since the epoch), and name their zone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Exclusion | Failure
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            client=client,
            body=body,
        )
    ).parsed
