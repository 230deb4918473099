"""Optional abstractive summaries through an OpenAI-compatible chat endpoint.

Off by default: it is used only when ``settings.llm_url`` is set (for example
``http://127.0.0.1:8080/v1`` for a local llama.cpp or vLLM server, or a hosted
API with ``settings.llm_api_key``). The model is given the story's articles,
numbered, and the extractive summary as a draft, and must answer with JSON::

    {"sentences": [{"text": "...", "sources": [1, 3]}, ...]}

Anything that cannot be trusted — a network error, no JSON, a sentence that
cites no article of the story or looks like boilerplate, too few sentences —
raises ``SummaryBackendError``, and ``newsfuse.report.summary.summarize``
keeps the extractive summary.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Protocol

import httpx

from newsfuse.model import Document, Story, SummarySentence
from newsfuse.report.sentences import boilerplate_reason

SYSTEM_PROMPT = (
    "You summarise news stories reported by several outlets in several languages. Write short, neutral, "
    "factual sentences in {language}. Use only facts stated in the numbered articles. After each sentence "
    "list the numbers of every article that states it. Where articles disagree, say so. Answer with JSON "
    'only: {{"sentences": [{{"text": "...", "sources": [1, 2]}}]}}'
)
MAX_ARTICLE_CHARS = 2500  # the lead of each article is what a summary needs


class SummaryBackendError(Exception):
    """The abstractive backend gave no usable summary."""


class SummaryBackend(Protocol):
    """Anything that turns a story into cited summary sentences."""

    def summarize(self, story: Story, docs: list[Document],
                  draft: list[SummarySentence]) -> list[SummarySentence]: ...


class OpenAICompatibleSummarizer:
    """A ``SummaryBackend`` over ``POST {url}/chat/completions``.

    >>> backend = OpenAICompatibleSummarizer("http://127.0.0.1:8080/v1", "qwen2.5")  # doctest: +SKIP
    >>> backend.summarize(story, docs, draft)  # doctest: +SKIP
    """

    def __init__(self, url: str, model: str, api_key: str | None = None, timeout: float = 60.0,
                 min_sentences: int = 3, max_sentences: int = 5, client: httpx.Client | None = None):
        self.endpoint = chat_endpoint(url)
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.min_sentences = min_sentences
        self.max_sentences = max_sentences
        self._client = client

    @classmethod
    def from_settings(cls, settings) -> "OpenAICompatibleSummarizer":
        extra = getattr(settings, "extra", {}) or {}
        return cls(settings.llm_url, settings.llm_model, settings.llm_api_key,
                   timeout=float(extra.get("llm_timeout", 60.0)),
                   max_sentences=getattr(settings, "summary_sentences", 5))

    def summarize(self, story: Story, docs: list[Document],
                  draft: list[SummarySentence]) -> list[SummarySentence]:
        numbered = {i + 1: d for i, d in enumerate(docs)}
        messages = build_messages(numbered, draft, _language_name(docs))
        content = self._complete(messages)
        sentences = parse_sentences(content, numbered)
        min_wanted = min(self.min_sentences, len(draft)) if len(docs) > 1 else 1
        if len(sentences) < min_wanted:
            raise SummaryBackendError(f"{len(sentences)} usable sentences, wanted at least {min_wanted}")
        return sentences[: self.max_sentences]

    def _complete(self, messages: list[dict]) -> str:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        payload = {"model": self.model, "messages": messages, "temperature": 0.2}
        try:
            if self._client is not None:
                response = self._client.post(self.endpoint, json=payload, headers=headers, timeout=self.timeout)
            else:
                with httpx.Client(timeout=self.timeout) as client:
                    response = client.post(self.endpoint, json=payload, headers=headers)
            response.raise_for_status()
            return response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise SummaryBackendError(f"{self.endpoint}: {exc}") from exc


def chat_endpoint(url: str) -> str:
    """``http://host/v1`` -> ``http://host/v1/chat/completions``; a full endpoint is kept."""
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


def build_messages(numbered: dict[int, Document], draft: Sequence[SummarySentence], language: str) -> list[dict]:
    number_of = {d.id: n for n, d in numbered.items()}
    articles = []
    for n, doc in numbered.items():
        head = f"[{n}] {doc.outlet or doc.source or doc.id} ({doc.language}, {doc.published or 'undated'})"
        title = f"\n{doc.title}" if doc.title else ""
        articles.append(f"{head}{title}\n{doc.body[:MAX_ARTICLE_CHARS]}")
    lines = [f"- {s.text} {''.join(f'[{number_of[d]}]' for d in s.documents if d in number_of)}" for s in draft]
    user = ("Articles:\n\n" + "\n\n".join(articles)
            + "\n\nDraft summary (extracted sentences with their sources):\n" + "\n".join(lines)
            + "\n\nWrite 3 to 5 sentences.")
    return [{"role": "system", "content": SYSTEM_PROMPT.format(language=language)},
            {"role": "user", "content": user}]


def parse_sentences(content: str, numbered: dict[int, Document]) -> list[SummarySentence]:
    """The trustworthy sentences of a model answer (JSON, possibly inside a code fence)."""
    data = _first_json(content)
    items = data.get("sentences") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SummaryBackendError("answer has no list of sentences")
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        text = str(item.get("text", "")).strip()
        refs = item.get("sources", item.get("documents", []))
        cited = []
        for ref in refs if isinstance(refs, list) else []:
            doc = numbered.get(ref) if isinstance(ref, int) else _by_label(str(ref), numbered)
            if doc is not None and doc.id not in cited:
                cited.append(doc.id)
        if text and cited and boilerplate_reason(text) is None:
            order = {d.id: n for n, d in numbered.items()}
            out.append(SummarySentence(text=text, documents=sorted(cited, key=order.get)))
    return out


def _by_label(ref: str, numbered: dict[int, Document]) -> Document | None:
    ref = ref.strip().strip("[]")
    if ref.isdigit():
        return numbered.get(int(ref))
    return next((d for d in numbered.values() if d.id == ref), None)


def _first_json(content: str):
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.S)
    text = fenced.group(1) if fenced else content
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        raise SummaryBackendError("answer holds no JSON")
    try:
        return json.JSONDecoder().raw_decode(text[start:])[0]
    except ValueError as exc:
        raise SummaryBackendError(f"answer is not valid JSON: {exc}") from exc


def _language_name(docs: Sequence[Document]) -> str:
    from newsfuse.report.summary import output_language

    code = output_language(docs)
    try:
        from babel import Locale

        return Locale("en").languages.get(code, code)
    except Exception:  # babel has no name for this code
        return code
