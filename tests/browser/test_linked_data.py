"""schema.org JSON-LD in Chromium: the block is read back whole as JSON, a hostile name neither
ends it nor runs, and the page's CSP reports nothing."""

from zwk_network.extensions import db
from zwk_network.registry.models import Initiative
from zwk_network.registry.services import create_listing

HOSTILE = "Chor </script><script>window.zwkInjected = 1</script><!-- <script>"
READ = """() => {
  const blocks = document.querySelectorAll('script[type="application/ld+json"]');
  return {count: blocks.length, data: JSON.parse(blocks[0].textContent), injected: window.zwkInjected === 1,
          scripts: document.scripts.length};
}"""


def test_the_json_ld_block_stays_data_in_the_browser(page, live_server):
    app = live_server.app
    with app.app_context():
        entry = create_listing(
            Initiative, {"name": HOSTILE, "description": "<!-- </script>"}, 12.1, 53.8, "approved"
        )
        db.session.commit()
        entry_id = entry.id
    try:
        response = page.goto(f"/initiativen/{entry_id}")
        assert response.status == 200
        found = page.page.evaluate(READ)
        assert found["count"] == 1 and not found["injected"]
        assert found["data"]["name"] == HOSTILE and found["data"]["@type"] == "NGO"
        assert found["data"]["description"] == "<!-- </script>"
        assert page.page.locator("h1").inner_text().startswith("Chor </script>")
        assert not page.console_errors, page.console_errors  # no CSP violation, no script error
    finally:
        with app.app_context():
            db.session.delete(db.session.get(Initiative, entry_id))
            db.session.commit()
