from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.update_status import UpdateStatus
from ...types import Response


def _get_kwargs(
    update_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/updates/{update_id}".format(
            update_id=quote(str(update_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | UpdateStatus | None:
    if response.status_code == 200:
        response_200 = UpdateStatus.from_dict(response.json())

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
) -> Response[Failure | UpdateStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    update_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | UpdateStatus]:
    """Update Status

     Where an update request is: processing, succeeded (with its policy version) or failed
    (a client holding any role in its study).

    Args:
        update_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | UpdateStatus]
    """

    kwargs = _get_kwargs(
        update_id=update_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    update_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Failure | UpdateStatus | None:
    """Update Status

     Where an update request is: processing, succeeded (with its policy version) or failed
    (a client holding any role in its study).

    Args:
        update_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | UpdateStatus
    """

    return sync_detailed(
        update_id=update_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    update_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | UpdateStatus]:
    """Update Status

     Where an update request is: processing, succeeded (with its policy version) or failed
    (a client holding any role in its study).

    Args:
        update_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | UpdateStatus]
    """

    kwargs = _get_kwargs(
        update_id=update_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    update_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Failure | UpdateStatus | None:
    """Update Status

     Where an update request is: processing, succeeded (with its policy version) or failed
    (a client holding any role in its study).

    Args:
        update_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | UpdateStatus
    """

    return (
        await asyncio_detailed(
            update_id=update_id,
            client=client,
        )
    ).parsed
