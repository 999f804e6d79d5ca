"""HTML pieces shared by the eval report and the review pages: marked-up article text, inline SVG.

Everything here escapes what it is given and needs no script, font or external asset.
"""
