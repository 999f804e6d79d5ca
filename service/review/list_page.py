"""`/review`: stored extractions and briefings, newest first, searchable and paginated."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from service.review.layout import page
from service.store.models import BriefingRow, ExtractionRow
from service.store.pagination import Page


def _more(kind: str, next_cursor: str | None, query: str | None, date: str | None) -> str:
    if next_cursor is None:
        return ""
    params = {k: v for k, v in (("q", query), ("date", date)) if v}
    params[f"{kind}_cursor"] = next_cursor
    return f"<p><a class='more' href='/review?{escape(urlencode(params))}'>Older {kind} →</a></p>"


def _extraction(row: ExtractionRow) -> str:
    article = row.result.get("article", {})
    title = article.get("title") or row.article_id
    return (
        f"<tr><td><a href='/review/extractions/{escape(row.id)}'>{escape(title)}</a></td>"
        f"<td>{escape(article.get('publisher') or '')}</td>"
        f"<td>{escape(article.get('published_at') or '')}</td>"
        f"<td class='num'>{row.claims}</td><td>{escape(row.pipeline)}</td>"
        f"<td>{row.created_at:%Y-%m-%d %H:%M}</td></tr>"
    )


def _briefing(row: BriefingRow) -> str:
    return (
        f"<tr><td><a href='/review/briefings/{escape(row.id)}'>"
        f"{escape(str(row.briefing.get('headline', row.id)))}</a></td>"
        f"<td class='num'>{len(row.extraction_ids)}</td>"
        f"<td>{row.created_at:%Y-%m-%d %H:%M}</td></tr>"
    )


def render_list(
    extractions: Page[ExtractionRow],
    briefings: Page[BriefingRow],
    *,
    query: str | None,
    date: str | None,
) -> str:
    ex_rows = "".join(_extraction(r) for r in extractions.items)
    br_rows = "".join(_briefing(r) for r in briefings.items)
    body = (
        "<h1>Review</h1>"
        "<form class='search' method='get' action='/review' role='search'>"
        f"<label>Title, source or id <input name='q' value='{escape(query or '')}'></label>"
        f"<label>Date <input name='date' value='{escape(date or '')}' "
        "placeholder='YYYY-MM-DD' pattern='\\d{4}(-\\d{2}(-\\d{2})?)?'></label>"
        "<button>Search</button></form>"
        "<section><h2>Extractions</h2><table class='list'><thead><tr><th>title</th>"
        "<th>source</th><th>published</th><th>claims</th><th>pipeline</th><th>stored</th>"
        f"</tr></thead><tbody>{ex_rows or '<tr><td colspan=6>None found.</td></tr>'}"
        f"</tbody></table>{_more('extractions', extractions.next_cursor, query, date)}</section>"
        "<section><h2>Briefings</h2><table class='list'><thead><tr><th>headline</th>"
        "<th>extractions</th><th>stored</th></tr></thead>"
        f"<tbody>{br_rows or '<tr><td colspan=3>None found.</td></tr>'}</tbody></table>"
        f"{_more('briefings', briefings.next_cursor, query, date)}</section>"
    )
    return page("Review", body)


def render_login(message: str | None = None) -> str:
    note = f"<p class='error'>{escape(message)}</p>" if message else ""
    body = (
        "<h1>Sign in</h1><p>This server needs an API key; it is kept in a cookie for the "
        f"review pages only.</p>{note}<form id='login' class='search'>"
        "<label>API key <input name='key' type='password' autocomplete='off' required></label>"
        "<button>Sign in</button></form>"
    )
    return page("Sign in", body)
