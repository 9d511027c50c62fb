"""flask --app zwk_network wegweiser pdf SLUG OUT.pdf [--region …] [--thema …] [--zielgruppe …] [--ohne …]
[--format a5] [--booklet]

A whole Landkreis's guide runs to hundreds of pages (bench/run_guide_bench.py: ~1 minute of CPU for
1 000 entries), longer than a web worker may take: a print run is made here, on the server.
"""

from pathlib import Path

import click
from flask import render_template
from flask.cli import AppGroup
from werkzeug.datastructures import MultiDict

from ..errors import InvalidInput, NotFound
from ..municipalities.services import get_kommune
from .booklet import impose_booklet
from .guide import PAGE_SIZES, build_guide
from .pdf import html_to_pdf

guide_cli = AppGroup("wegweiser", help="The printed guide (Wegweiser) of a Kommune.")


@guide_cli.command("pdf")
@click.argument("slug")
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--region", help="Only this region (slug).")
@click.option("--thema", help="Only this theme (slug).")
@click.option("--zielgruppe", help="Only this target group (slug).")
@click.option("--ohne", multiple=True, help="Leave this entry out (initiative-12, place-3); repeatable.")
@click.option("--format", "page_size", type=click.Choice(PAGE_SIZES), default="a4", show_default=True)
@click.option(
    "--booklet",
    is_flag=True,
    help="A5 pages imposed two to an A4 sheet, for printing on both sides and folding (untagged).",
)
def pdf_command(slug, output, region, thema, zielgruppe, ohne, page_size, booklet):
    """Write the Wegweiser of the Kommune SLUG as a tagged PDF, as /kommunen/SLUG/wegweiser.pdf would."""
    page_size = "a5" if booklet else page_size
    args = MultiDict(
        [("region", region), ("thema", thema), ("zielgruppe", zielgruppe), ("format", page_size)]
    )
    args.setlist("ohne", list(ohne))
    try:
        guide = build_guide(get_kommune(slug), MultiDict([(k, v) for k, v in args.items(multi=True) if v]))
    except NotFound:
        raise click.ClickException(f"unknown Kommune: {slug}") from None
    except InvalidInput as error:
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in error.errors.items())) from None
    pdf = html_to_pdf(render_template("reports/guide_pdf.html", guide=guide))
    Path(output).write_bytes(impose_booklet(pdf) if booklet else pdf)
    click.echo(f"wrote {len(guide.entries)} entries to {output}" + (" as a booklet" if booklet else ""))
