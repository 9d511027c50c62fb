"""The one way a public list page is rendered: results, filters and the choices they offer."""

from flask import render_template

from .listing import ListFilters, Page
from .municipalities.services import list_kommunen, list_regions


def render_list(template: str, page: Page, filters: ListFilters, endpoint: str, **context):
    return render_template(
        template,
        page=page,
        filters=filters,
        endpoint=endpoint,
        kommunen=list_kommunen(),
        regions=list_regions(filters.kommune),
        **context,
    )
