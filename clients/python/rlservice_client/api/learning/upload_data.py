from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted import Accepted
from ...models.failure import Failure
from ...models.upload_data import UploadData
from ...types import Response


def _get_kwargs(
    study_id: str,
    participant_id: str,
    decision_index: int,
    *,
    body: UploadData,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/studies/{study_id}/participants/{participant_id}/decisions/{decision_index}/data".format(
            study_id=quote(str(study_id), safe=""),
            participant_id=quote(str(participant_id), safe=""),
            decision_index=quote(str(decision_index), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Accepted | Failure | None:
    if response.status_code == 202:
        response_202 = Accepted.from_dict(response.json())

        return response_202

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Accepted | Failure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    study_id: str,
    participant_id: str,
    decision_index: int,
    *,
    client: AuthenticatedClient,
    body: UploadData,
) -> Response[Accepted | Failure]:
    """Upload

     Upload the outcome of one decision directly (no pull).

    Args:
        study_id (str):
        participant_id (str):
        decision_index (int):
        body (UploadData): JustIn's data: the context, the action and probability it got, and the
            outcome.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Accepted | Failure]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        participant_id=participant_id,
        decision_index=decision_index,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    participant_id: str,
    decision_index: int,
    *,
    client: AuthenticatedClient,
    body: UploadData,
) -> Accepted | Failure | None:
    """Upload

     Upload the outcome of one decision directly (no pull).

    Args:
        study_id (str):
        participant_id (str):
        decision_index (int):
        body (UploadData): JustIn's data: the context, the action and probability it got, and the
            outcome.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Accepted | Failure
    """

    return sync_detailed(
        study_id=study_id,
        participant_id=participant_id,
        decision_index=decision_index,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    participant_id: str,
    decision_index: int,
    *,
    client: AuthenticatedClient,
    body: UploadData,
) -> Response[Accepted | Failure]:
    """Upload

     Upload the outcome of one decision directly (no pull).

    Args:
        study_id (str):
        participant_id (str):
        decision_index (int):
        body (UploadData): JustIn's data: the context, the action and probability it got, and the
            outcome.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Accepted | Failure]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        participant_id=participant_id,
        decision_index=decision_index,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    participant_id: str,
    decision_index: int,
    *,
    client: AuthenticatedClient,
    body: UploadData,
) -> Accepted | Failure | None:
    """Upload

     Upload the outcome of one decision directly (no pull).

    Args:
        study_id (str):
        participant_id (str):
        decision_index (int):
        body (UploadData): JustIn's data: the context, the action and probability it got, and the
            outcome.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Accepted | Failure
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            participant_id=participant_id,
            decision_index=decision_index,
            client=client,
            body=body,
        )
    ).parsed
