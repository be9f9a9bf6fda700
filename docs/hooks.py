"""mkdocs hook: README sections included into the docs link to README headings (``#performance``);
on the site those headings are pages of their own, so such links are pointed at those pages."""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

# README heading anchor -> the docs page that includes that section.
README_ANCHORS = {
    "#deliberate-differences-from-boto3": "differences/",
    "#performance": "performance/",
    "#migrating-from-boto3": "migrating/",
}
HREF = re.compile(r'href="(#[a-z0-9-]+)"')


def on_page_content(html: str, page, **kwargs) -> str:
    def target(match: re.Match[str]) -> str:
        url = README_ANCHORS.get(match.group(1))
        if url is None or page.url == url:
            return match.group(0)
        return f'href="{get_relative_url(url, page.url)}"'

    return HREF.sub(target, html)
