"""The self-contained HTML report: `page.render_report` (one file, inline CSS and SVG)."""
