from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dead_letters import DeadLetters
from ...models.failure import Failure
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 100,
    study_id: None | str | Unset = UNSET,
    source_topic: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_study_id: None | str | Unset
    if isinstance(study_id, Unset):
        json_study_id = UNSET
    else:
        json_study_id = study_id
    params["study_id"] = json_study_id

    json_source_topic: None | str | Unset
    if isinstance(source_topic, Unset):
        json_source_topic = UNSET
    else:
        json_source_topic = source_topic
    params["source_topic"] = json_source_topic

    json_service: None | str | Unset
    if isinstance(service, Unset):
        json_service = UNSET
    else:
        json_service = service
    params["service"] = json_service

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/dead-letters",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeadLetters | Failure | None:
    if response.status_code == 200:
        response_200 = DeadLetters.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

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
) -> Response[DeadLetters | Failure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    study_id: None | str | Unset = UNSET,
    source_topic: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
) -> Response[DeadLetters | Failure]:
    """Dead Letters

     Failures that retrying could not fix, newest first: nothing vanishes silently.

    Args:
        limit (int | Unset): at most this many, newest first Default: 100.
        study_id (None | str | Unset): the study's letters (required unless you are an admin)
        source_topic (None | str | Unset):
        service (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeadLetters | Failure]
    """

    kwargs = _get_kwargs(
        limit=limit,
        study_id=study_id,
        source_topic=source_topic,
        service=service,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    study_id: None | str | Unset = UNSET,
    source_topic: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
) -> DeadLetters | Failure | None:
    """Dead Letters

     Failures that retrying could not fix, newest first: nothing vanishes silently.

    Args:
        limit (int | Unset): at most this many, newest first Default: 100.
        study_id (None | str | Unset): the study's letters (required unless you are an admin)
        source_topic (None | str | Unset):
        service (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeadLetters | Failure
    """

    return sync_detailed(
        client=client,
        limit=limit,
        study_id=study_id,
        source_topic=source_topic,
        service=service,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    study_id: None | str | Unset = UNSET,
    source_topic: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
) -> Response[DeadLetters | Failure]:
    """Dead Letters

     Failures that retrying could not fix, newest first: nothing vanishes silently.

    Args:
        limit (int | Unset): at most this many, newest first Default: 100.
        study_id (None | str | Unset): the study's letters (required unless you are an admin)
        source_topic (None | str | Unset):
        service (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeadLetters | Failure]
    """

    kwargs = _get_kwargs(
        limit=limit,
        study_id=study_id,
        source_topic=source_topic,
        service=service,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    study_id: None | str | Unset = UNSET,
    source_topic: None | str | Unset = UNSET,
    service: None | str | Unset = UNSET,
) -> DeadLetters | Failure | None:
    """Dead Letters

     Failures that retrying could not fix, newest first: nothing vanishes silently.

    Args:
        limit (int | Unset): at most this many, newest first Default: 100.
        study_id (None | str | Unset): the study's letters (required unless you are an admin)
        source_topic (None | str | Unset):
        service (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeadLetters | Failure
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            study_id=study_id,
            source_topic=source_topic,
            service=service,
        )
    ).parsed
