"""Files, folders, web pages and every kind of bad input: one clear error each, never a crash."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from bot.ingest import IngestError, article_from_html, iter_articles
from bot.ingest.rules import default_rules
from bot.ingest.sources import iter_source
from bot.models import Article
from bot.net import Fetcher

LOCAL = Fetcher(("127.0.0.1",))  # the test site runs on loopback

PARA = (
    "Le ministre polonais de la Défense a annoncé jeudi l'achat de nouveaux chars, "
    "affirmant que « la sécurité du pays n'a pas de prix » devant les députés à Varsovie."
)
PARA_2 = (
    "L'opposition a dénoncé une dépense excessive et demandé un débat au Parlement, "
    "selon plusieurs élus interrogés par la presse."
)


def ingest(path: Path | str) -> list[Article | IngestError]:
    return list(iter_articles(path))


def fetch(url: str, fetcher: Fetcher | None = LOCAL) -> list[Article | IngestError]:
    return list(iter_source(url, default_rules(), fetcher))


def only_error(path: Path | str, fetcher: Fetcher | None = LOCAL) -> IngestError:
    items = fetch(path, fetcher) if isinstance(path, str) and "://" in path else ingest(path)
    assert len(items) == 1 and isinstance(items[0], IngestError), items
    assert "\n" not in str(items[0])
    return items[0]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "vide.txt").write_bytes(b"")
    assert only_error(tmp_path / "vide.txt").message == "empty file"
    (tmp_path / "blanc.txt").write_text("  \n\n \t\n")
    assert only_error(tmp_path / "blanc.txt").message == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in only_error(tmp_path / "image.txt").message


def test_too_large_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "enorme.txt"
    with big.open("wb") as handle:  # sparse: 51 MB announced, nothing written
        handle.truncate(51 * 1024 * 1024)

    def no_read(self: Path) -> bytes:
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    error = only_error(big)
    assert "too large" in error.message and "50 MB" in error.message


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = f"Varsovie s'arme\n\n{PARA}\n\n{PARA_2}\n"
    if encoding == "cp1252":
        text = text.replace("'", "’")  # a character Latin-1 does not have
    (tmp_path / "ancien.txt").write_bytes(text.encode(encoding))
    [article] = ingest(tmp_path / "ancien.txt")
    assert isinstance(article, Article)
    assert "Défense" in article.body and "« la sécurité du pays n" in article.body
    assert article.title == "Varsovie s'arme".replace("'", "’" if encoding == "cp1252" else "'")


def test_utf16_with_bom(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes(f"Titre court\n\n{PARA}".encode("utf-16"))
    [article] = ingest(tmp_path / "u16.txt")
    assert isinstance(article, Article) and article.body == PARA


def test_header_only_file(tmp_path: Path) -> None:
    (tmp_path / "entete.txt").write_text(" date 2024-02 https://example.fr/20240201/x.html\n\n")
    assert "only a header line" in only_error(tmp_path / "entete.txt").message


def test_file_with_no_article_text(tmp_path: Path) -> None:
    (tmp_path / "credits.txt").write_text("Crédit : AFP\n\nA voir aussi\n")
    assert "no article text" in only_error(tmp_path / "credits.txt").message
    words = "\n".join(["# mots vides", *(f"mot{i}" for i in range(30))])
    (tmp_path / "liste.txt").write_text(words)
    assert "not an article" in only_error(tmp_path / "liste.txt").message


def test_missing_path() -> None:
    assert only_error("/nonexistent/quotedesk/x.txt").message == "no such file or folder"


def test_folder_keeps_going_after_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a_bon.txt").write_text(f"Titre A\n\n{PARA}")
    (tmp_path / "b_vide.txt").write_bytes(b"")
    (tmp_path / "c_binaire.txt").write_bytes(b"\x00\x01\x02" * 100)
    sub = tmp_path / "sous" / "dossier"
    sub.mkdir(parents=True)
    (sub / "d_bon.md").write_text(f"# Titre D\n\n{PARA_2}\n\n## Une section\n\n**{PARA}**\n")
    (tmp_path / "regles.json").write_text('{"not": "an article"}')
    (tmp_path / ".cache.txt").write_text(PARA)
    items = ingest(tmp_path)
    docs = [(type(i).__name__, i.doc if isinstance(i, Article) else Path(i.source).name)
            for i in items]
    assert docs == [
        ("Article", "a_bon.txt"),
        ("IngestError", "b_vide.txt"),
        ("IngestError", "c_binaire.txt"),
        ("Article", "d_bon.md"),
    ]
    markdown = items[3]
    assert isinstance(markdown, Article)
    assert markdown.title == "Titre D"
    assert [b.kind for b in markdown.blocks] == ["paragraph", "heading", "paragraph"]
    assert markdown.blocks[2].text == PARA  # emphasis markers gone


HTML_PAGE = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Varsovie achète des chars | Journal</title>
<meta property="og:site_name" content="Le Journal de Varsovie">
<meta name="author" content="Anna Kowalska">
<meta property="article:published_time" content="2024-03-07T09:00:00+01:00">
</head><body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Varsovie achète des chars</h1>
<p>{PARA}</p><p>Photo : AFP</p>
<h2>Le Parlement divisé</h2><p>{PARA_2}</p><p>Lire aussi : La Pologne et l'Otan</p>
</article><footer>Mentions légales – Contact</footer></body></html>"""


def test_article_from_html() -> None:
    article = article_from_html(HTML_PAGE, "https://www.journal-varsovie.example/a/1")
    assert article.title == "Varsovie achète des chars"
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph"]
    assert article.blocks[0].text == PARA
    assert article.source == "Le Journal de Varsovie"
    assert article.authors == ["Anna Kowalska"]
    assert (article.published_on, article.date_precision) == ("2024-03-07", "day")
    assert "Accueil" not in article.body and "Lire aussi" not in article.body
    assert "Photo : AFP" in article.removed_lines


def test_html_file(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    [article] = ingest(tmp_path / "page.html")
    assert isinstance(article, Article) and article.doc == "page.html"
    assert article.blocks[0].text == PARA


def test_html_without_article_text(tmp_path: Path) -> None:
    (tmp_path / "vide.htm").write_text("<html><body><nav>Menu</nav></body></html>")
    assert "no article text" in only_error(tmp_path / "vide.htm").message


class _Pages(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/article.html": (200, "text/html; charset=utf-8", HTML_PAGE.encode("utf-8")),
        "/texte.txt": (200, "text/plain; charset=iso-8859-1",
                       f"Titre texte\n\n{PARA}".encode("latin-1")),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    }

    def do_GET(self) -> None:
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_html_page(site: str) -> None:
    [article] = fetch(f"{site}/article.html")
    assert isinstance(article, Article)
    assert article.doc == f"{site}/article.html" and article.url == f"{site}/article.html"
    assert article.title == "Varsovie achète des chars"
    assert article.blocks[0].text == PARA


def test_url_plain_text_page(site: str) -> None:
    [article] = fetch(f"{site}/texte.txt")
    assert isinstance(article, Article) and article.body == PARA


def test_url_errors_are_one_line_each(site: str) -> None:
    assert "HTTP 404" in only_error(f"{site}/absent.html").message
    assert "not an article page" in only_error(f"{site}/image.png").message
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    port = closed.server_address[1]
    closed.server_close()  # nothing listens there any more
    assert "could not fetch" in only_error(f"http://127.0.0.1:{port}/x.html").message


def test_markdown_front_matter(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(
        "---\ntitle: Varsovie s'arme\ndate: 2024-03\nurl: https://www.lemonde.fr/x/y.html\n"
        f"author: Anna Kowalska, Piotr Nowak\n---\n\n{PARA}\n\n## Suite\n\n{PARA_2}\n",
        encoding="utf-8",
    )
    [article] = ingest(tmp_path / "note.md")
    assert isinstance(article, Article)
    assert article.title == "Varsovie s'arme"
    assert (article.published_on, article.date_precision) == ("2024-03", "month")
    assert article.source == "Le Monde" and article.url == "https://www.lemonde.fr/x/y.html"
    assert article.authors == ["Anna Kowalska", "Piotr Nowak"]
    assert article.body == f"{PARA}\n\nSuite\n\n{PARA_2}"


def test_utf8_with_a_damaged_byte_stays_utf8(tmp_path: Path) -> None:
    data = f"Titre court\n\n{PARA}\n\n{PARA_2}".encode() + b" \xff fin."
    (tmp_path / "abime.txt").write_bytes(data)
    [article] = ingest(tmp_path / "abime.txt")
    assert isinstance(article, Article)
    assert "Défense" in article.body and "Ã" not in article.body
