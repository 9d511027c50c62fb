"""Query parameters, declared once: each reads and checks its value and describes itself.

The parsers of the pages and the API (listing.parse_list_filters, search.services.parse_search,
maps.features, the API's own parameters) read their values through these declarations, and the
OpenAPI description (api/openapi.py) lists the same declarations as its parameters, with their
JSON Schema (`schema()`): a limit changed here changes what is checked and what is documented.
A bad value adds a plain-German reason to `errors` under the parameter's name.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

TEXT_MAX = 100_000  # what a query string value may hold at all (the search bounds what it reads)


def range_message(low: float, high: float, exclusive_low: bool = False) -> str:
    """Why a number is out of bounds, in words and with the numbers as people write them („0,5“),
    never „inf“ or „1e+12“."""
    low_text, high_text = format_decimal(low) if math.isfinite(low) else "", format_decimal(high)
    if math.isfinite(low) and math.isfinite(high):
        if exclusive_low:
            return _("muss größer als %(low)s und höchstens %(high)s sein", low=low_text, high=high_text)
        return _("muss zwischen %(low)s und %(high)s liegen", low=low_text, high=high_text)
    if math.isfinite(low):
        if exclusive_low:
            return _("muss größer als %(low)s sein", low=low_text)
        return _("muss mindestens %(low)s sein", low=low_text)
    if math.isfinite(high):
        return _("darf höchstens %(high)s sein", high=high_text)
    return _("muss eine Zahl sein, zum Beispiel 12,5")


def text_of(args, name: str) -> str | None:
    """The parameter's value without surrounding spaces; None when missing or blank."""
    value = args.get(name, "")
    value = value.strip() if isinstance(value, str) else ""
    return value or None


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name and what it is for (English, for the API's description)."""

    name: str
    description: str
    required: bool = field(default=False, kw_only=True)

    def schema(self) -> dict:
        return {"type": "string"}

    def openapi(self) -> dict:
        """The parameter as an OpenAPI 3.1 Parameter Object."""
        found = {"name": self.name, "in": "query", "description": self.description, "schema": self.schema()}
        return found | ({"required": True} if self.required else {})


@dataclass(frozen=True)
class Text(Parameter):
    """Free text (the search words, a place name)."""

    max_length: int | None = None

    def schema(self) -> dict:
        return {"type": "string"} | ({"maxLength": self.max_length} if self.max_length else {})

    def parse(self, args) -> str:
        return args.get(self.name, "")


@dataclass(frozen=True)
class Slug(Parameter):
    """The slug of a Kommune or region: letters, digits and hyphens, at most 120 characters."""

    MAX = 120

    def schema(self) -> dict:
        return {"type": "string", "maxLength": self.MAX, "examples": ["landkreis-rostock"]}

    def parse(self, args, errors: dict) -> str | None:
        value = text_of(args, self.name)
        if value is not None and (len(value) > self.MAX or not value.replace("-", "").isalnum()):
            errors[self.name] = _("ist kein gültiges Kürzel (nur Buchstaben, Ziffern und Bindestriche)")
            return None
        return value


@dataclass(frozen=True)
class Choice(Parameter):
    """One value of a list (a vocabulary's slugs, a sort order, a format)."""

    values: Callable[[], tuple] | tuple = ()
    message: str = "vocabulary"  # "vocabulary": names the value; "allowed": only what is allowed

    def allowed(self) -> tuple[str, ...]:
        return tuple(self.values() if callable(self.values) else self.values)

    def schema(self) -> dict:
        return {"type": "string", "enum": list(self.allowed())}

    def parse(self, args, errors: dict) -> str | None:
        value = text_of(args, self.name) if self.message == "vocabulary" else (args.get(self.name) or None)
        if value is not None and value not in self.allowed():
            errors[self.name] = unknown_choice(value if self.message == "vocabulary" else None)
            return None
        return value


@dataclass(frozen=True)
class ChoiceList(Parameter):
    """Values of a list, comma-separated or the parameter repeated (`type=initiative,place`)."""

    values: tuple = ()

    def schema(self) -> dict:
        one = "(" + "|".join(self.values) + ")"
        return {"type": "string", "pattern": f"^{one}(,{one})*$", "examples": [",".join(self.values[:2])]}

    def openapi(self) -> dict:
        return super().openapi() | {"explode": True}

    def parse(self, args, errors: dict) -> tuple[str, ...]:
        found = tuple(dict.fromkeys(v for value in args.getlist(self.name) for v in value.split(",") if v))
        unknown = [v for v in found if v not in self.values]
        if unknown:
            errors[self.name] = unknown_choice(unknown[0])
        return found


@dataclass(frozen=True)
class Integer(Parameter):
    """A whole number within bounds; `maximum_setting` names a setting that bounds it instead."""

    minimum: int = 1
    maximum: int = 1_000_000
    default: int | None = None
    maximum_setting: str | None = None
    default_setting: str | None = None

    def bounds(self) -> tuple[int, int]:
        if self.maximum_setting is not None:
            return self.minimum, current_app.config[self.maximum_setting]
        return self.minimum, self.maximum

    def default_value(self) -> int | None:
        if self.default_setting is not None:
            return current_app.config[self.default_setting]
        return self.default

    def schema(self) -> dict:
        low, high = self.bounds()
        default = self.default_value()
        return {"type": "integer", "minimum": low, "maximum": high} | (
            {"default": default} if default is not None else {}
        )

    def parse(self, args, errors: dict, message: str | None = None) -> int | None:
        """The number, or the default when missing; a bad one: the default, and the reason in errors
        (`message` instead of the reasons for not a number / out of bounds, where one reason fits)."""
        low, high = self.bounds()
        value = text_of(args, self.name)
        if value is None:
            return self.default_value()
        try:
            number = int(value)
        except ValueError:
            errors[self.name] = message or _("muss eine ganze Zahl sein")
            return self.default_value()
        if not low <= number <= high:
            errors[self.name] = message or range_message(low, high)
            return self.default_value()
        return number


@dataclass(frozen=True)
class Number(Parameter):
    """A decimal number within bounds (inclusive unless exclusive_minimum)."""

    minimum: float = -math.inf
    maximum: float = math.inf
    exclusive_minimum: bool = False

    def schema(self) -> dict:
        schema: dict = {"type": "number"}
        if math.isfinite(self.minimum):
            schema["exclusiveMinimum" if self.exclusive_minimum else "minimum"] = self.minimum
        if math.isfinite(self.maximum):
            schema["maximum"] = self.maximum
        return schema

    def parse(self, args, errors: dict) -> float | None:
        value = text_of(args, self.name)
        if value is None:
            return None
        number = decimal(value, self.name, -math.inf, math.inf, errors)
        if number is None:
            return None
        too_low = number <= self.minimum if self.exclusive_minimum else number < self.minimum
        if too_low or number > self.maximum:
            errors[self.name] = range_message(
                self.minimum, self.maximum, exclusive_low=self.exclusive_minimum
            )
            return None
        return number


def decimal(value: str, name: str, low: float, high: float, errors) -> float | None:
    """A finite decimal number from low to high, or None with the reason in errors[name]."""
    try:
        number = float(value.replace(",", ".") if value.count(",") == 1 and "." not in value else value)
    except ValueError:
        errors[name] = _("muss eine Zahl sein, zum Beispiel 12,5")
        return None
    if not math.isfinite(number) or not low <= number <= high:
        errors[name] = range_message(low, high)
        return None
    return number


def unknown_choice(value: str | None) -> str:
    """A value that is not among the choices: named (shortened) where it is the person's own."""
    if value is None:
        return _("Diese Auswahl gibt es nicht. Bitte wählen Sie einen der angebotenen Werte.")
    return _(
        "„%(value)s“ gibt es in dieser Auswahl nicht. Bitte wählen Sie einen der angebotenen Werte.",
        value=value[:60],
    )


@dataclass(frozen=True)
class BoundingBox(Parameter):
    """min_lon,min_lat,max_lon,max_lat in WGS 84 degrees."""

    def schema(self) -> dict:
        number = r"\s*-?[0-9]+(\.[0-9]+)?\s*"
        return {
            "type": "string",
            "pattern": f"^{number}(,{number}){{3}}$",
            "examples": ["11.9,53.9,12.3,54.2"],
        }

    def parse(self, args, errors: dict) -> tuple[float, float, float, float] | None:
        value = text_of(args, self.name)
        if value is None:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            errors[self.name] = _("muss aus vier Zahlen bestehen: Westen, Süden, Osten, Norden in Grad")
            return None
        numbers = []
        for index, part in enumerate(parts):
            low, high = (-180, 180) if index % 2 == 0 else (-90, 90)
            number = decimal(part.strip(), self.name, low, high, errors)
            if number is None:
                return None
            numbers.append(number)
        if numbers[0] >= numbers[2] or numbers[1] >= numbers[3]:
            errors[self.name] = _("Westen muss kleiner als Osten sein und Süden kleiner als Norden")
            return None
        return tuple(numbers)


def openapi_parameters(*groups) -> list[dict]:
    """The OpenAPI Parameter Objects of these parameters (or tuples of them), each name once."""
    found: dict[str, Parameter] = {}
    for group in groups:
        for parameter in group if isinstance(group, tuple | list) else (group,):
            found.setdefault(parameter.name, parameter)
    return [parameter.openapi() for parameter in found.values()]
