"""The abstractive backend against a real HTTP server on 127.0.0.1 that speaks the OpenAI chat protocol."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsfuse.config import Settings
from newsfuse.model import Story
from newsfuse.report.llm import OpenAICompatibleSummarizer, SummaryBackendError, chat_endpoint, parse_sentences
from newsfuse.report.summary import extractive_summary, summarize

from .conftest import make_doc

DOCS = [
    make_doc("a", ["Russian President Vladimir Putin arrived in Pyongyang on Wednesday for a state visit.",
                   "Kim Jong Un promised Russia his full support in the war against Ukraine."], outlet="Outlet A"),
    make_doc("b", ["Putin ist am Mittwoch zu einem Staatsbesuch in Pjöngjang eingetroffen.",
                   "Die beiden Staatschefs unterzeichneten einen Partnerschaftsvertrag."], language="de", outlet="Outlet B"),
    make_doc("c", ["The two leaders signed a comprehensive strategic partnership treaty in Pyongyang.",
                   "South Korea condemned the agreement as a threat to regional security."], outlet="Outlet C"),
]
STORY = Story(id="s", documents=[d.id for d in DOCS])
GOOD = {"sentences": [
    {"text": "Vladimir Putin arrived in Pyongyang on Wednesday for a state visit.", "sources": [1, 2]},
    {"text": "Putin and Kim Jong Un signed a strategic partnership treaty.", "sources": [2, 3]},
    {"text": "Kim promised Russia his full support in the war in Ukraine.", "sources": [1]},
    {"text": "South Korea called the agreement a threat to regional security.", "sources": ["3", 9]},
]}


class ChatServer:
    """A tiny OpenAI-compatible server: answers /v1/chat/completions with a canned message."""

    def __init__(self, content: str | None = None, status: int = 200):
        self.content, self.status, self.requests = content, status, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.end_headers()
                    return
                payload = {"id": "chatcmpl-1", "object": "chat.completion", "model": body["model"],
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": server.content}}]}
                data = json.dumps(payload).encode()
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def settings(url):
    return Settings(llm_url=url, llm_model="test-model", llm_api_key="sk-test", summary_sentences=5)


def test_abstractive_summary_from_a_local_openai_compatible_server():
    with ChatServer("Here you are:\n```json\n" + json.dumps(GOOD) + "\n```") as server:
        summary = summarize(STORY, DOCS, settings(server.url))
    assert [s.text for s in summary] == [s["text"] for s in GOOD["sentences"]]
    assert [s.documents for s in summary] == [["a", "b"], ["b", "c"], ["a"], ["c"]]  # numbers -> ids, 9 dropped
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["body"]["model"] == "test-model"
    messages = request["body"]["messages"]
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "[1] Outlet A" in messages[1]["content"] and "[3] Outlet C" in messages[1]["content"]
    assert "English" in messages[0]["content"]


def test_off_by_default():
    assert Settings().llm_url is None
    assert summarize(STORY, DOCS, Settings()) == extractive_summary(DOCS)


@pytest.mark.parametrize("content,status", [
    ("I cannot help with that.", 200),  # no JSON
    (json.dumps({"sentences": [{"text": "Putin arrived in Pyongyang on Wednesday for a visit.", "sources": [7]}]}), 200),
    (json.dumps({"sentences": [{"text": "Pic: Sputnik/Reuters", "sources": [1]}] * 3}), 200),  # boilerplate
    (json.dumps(GOOD), 500),
])
def test_untrustworthy_answers_fall_back_to_the_extractive_summary(content, status):
    with ChatServer(content, status) as server:
        summary = summarize(STORY, DOCS, settings(server.url))
    assert server.requests, "the server was asked"
    assert summary == extractive_summary(DOCS)


def test_unreachable_server_falls_back():
    with ChatServer("{}") as server:
        url = server.url
    summary = summarize(STORY, DOCS, settings(url).with_(extra={"llm_timeout": 2}))
    assert summary == extractive_summary(DOCS)


def test_backend_raises_its_own_error():
    with ChatServer("no json here") as server:
        backend = OpenAICompatibleSummarizer(server.url, "m")
        with pytest.raises(SummaryBackendError):
            backend.summarize(STORY, DOCS, extractive_summary(DOCS))
        assert "Authorization" not in server.requests[0]["headers"]


def test_chat_endpoint_and_answer_parsing():
    assert chat_endpoint("http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080/v1/chat/completions"
    assert chat_endpoint("http://h/v1/chat/completions") == "http://h/v1/chat/completions"
    numbered = {i + 1: d for i, d in enumerate(DOCS)}
    answer = '[{"text": "Putin and Kim signed a strategic partnership treaty in Pyongyang.", "documents": ["c", "[1]"]}]'
    assert [s.documents for s in parse_sentences(answer, numbered)] == [["a", "c"]]
