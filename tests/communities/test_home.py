"""The public home page lists the hubs."""

from wagtail.test.utils import WagtailTestUtils


def test_root_redirects_to_a_language(client, shared_demo, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_home_lists_the_three_hubs(client, shared_demo, db):
    response = client.get("/en/")
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    titles = [a.get_text(strip=True) for a in soup.select(".hub-card .card__title a")]
    assert titles == ["Freewheelin", "Through the Lens", "Workshifting"]
    assert soup.html["lang"] == "en"
    # Landmarks and the skip link that leads to the main content.
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("main#main") and soup.select_one("header") and soup.select_one("footer")


def test_unknown_page_is_a_friendly_404(client, shared_demo, db):
    response = client.get("/en/no-such-hub/")
    assert response.status_code == 404
    soup = WagtailTestUtils.get_soup(response.content)
    assert soup.h1.get_text(strip=True) == "Page not found"
