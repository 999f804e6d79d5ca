"""Language analysis: a parsed document per article and the vocabulary of its language."""

from service.nlp.analyzer import Analyzer, Document, analyzer_for
from service.nlp.vocabulary import ENGLISH, Vocabulary

__all__ = ["ENGLISH", "Analyzer", "Document", "Vocabulary", "analyzer_for"]
