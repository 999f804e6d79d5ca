"""One router per resource; `service.api.app` includes them all.

Extraction ids are routed by their shape ('ex_...'): otherwise `/v1/extractions/import` would
also match `/v1/extractions/{extraction_id}`, and the server would allow a GET there that the
API does not have (a wrong `Allow` header on 405).
"""

from starlette.convertors import Convertor, register_url_convertor


class ExtractionId(Convertor[str]):
    regex = "ex_[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("extraction_id", ExtractionId())
EXTRACTION = "{extraction_id:extraction_id}"
