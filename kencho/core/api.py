from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from .japanese.postal import InvalidPostalCode, lookup_address, normalize_postal_code

router = Router(tags=["postal codes"])


class PostalAddressOut(Schema):
    postal_code: str
    prefecture: str
    city: str
    town: str
    full: str


class ErrorMessage(Schema):
    ja: str
    en: str


class ErrorItem(Schema):
    field: str | None
    code: str
    message: ErrorMessage


class ErrorsOut(Schema):
    errors: list[ErrorItem]


@router.get(
    "/postal-codes/{code}",
    response={200: PostalAddressOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="郵便番号から住所を調べる / Look up an address by postal code",
    auth=None,
)
def postal_code_lookup(request: HttpRequest, code: str) -> Status:
    try:
        normalized = normalize_postal_code(code)
    except InvalidPostalCode:
        return Status(
            422,
            {
                "errors": [
                    {
                        "field": "code",
                        "code": "invalid",
                        "message": {
                            "ja": "郵便番号は 514-0006 のように7桁で指定してください。",
                            "en": "Give the postal code as 7 digits, for example 514-0006.",
                        },
                    }
                ]
            },
        )
    address = lookup_address(normalized)
    if address is None:
        raise HttpError(404, "not found")
    return Status(
        200,
        {
            "postal_code": address.postal_code,
            "prefecture": address.prefecture,
            "city": address.city,
            "town": address.town,
            "full": address.full,
        },
    )
