"""A small browser for managed login's pages: it keeps cookies, reads each page's forms
and posts them as a person would, without following redirects to the app."""
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import requests


class Forms(HTMLParser):
    """The forms of a page: each one's action and the names and values of its inputs."""

    def __init__(self, text):
        super().__init__()
        self.forms, self.current = [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"action": attrs.get("action"), "fields": {}}
            self.forms.append(self.current)
        elif tag == "input" and self.current is not None and attrs.get("name"):
            if attrs.get("type") == "radio" and "checked" not in attrs:
                return
            self.current["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


class Browser:
    def __init__(self, endpoint, host=None):
        self.endpoint = endpoint
        self.session = requests.Session()
        if host:
            self.session.headers["Host"] = host
        self.page = None

    def get(self, url, **params):
        """Opens a page, following redirects within Sigil; stops at the app's redirect."""
        response = self.session.get(urljoin(self.endpoint, url), params=params, allow_redirects=False, timeout=10)
        return self._follow(response)

    def submit(self, action, **fields):
        """Fills the form that posts to `action` on the current page and sends it."""
        forms = [form for form in Forms(self.page.text).forms if form["action"] == action]
        assert forms, f"no form posts to {action} on {self.page.url}:\n{self.page.text[:2000]}"
        data = dict(forms[0]["fields"])
        data.update(fields)
        response = self.session.post(urljoin(self.endpoint, action), data=data, allow_redirects=False, timeout=10)
        return self._follow(response)

    def _follow(self, response):
        while response.status_code in (301, 302, 303) and urljoin(self.endpoint, response.headers["Location"]).startswith(self.endpoint):
            response = self.session.get(urljoin(self.endpoint, response.headers["Location"]), allow_redirects=False, timeout=10)
        self.page = response
        return response


def redirect_fields(response):
    """The query (or fragment) fields of a redirect to the app."""
    location = urlsplit(response.headers["Location"])
    return {name: values[0] for name, values in parse_qs(location.fragment or location.query).items()}
