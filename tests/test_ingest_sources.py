"""Files, folders, web pages and every kind of bad input: one clear error each, never a crash."""

from __future__ import annotations

import builtins
import io
import random
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bot.ingest import IngestError, article_from_html, iter_articles
from bot.ingest.decode import read_at_most
from bot.ingest.rules import default_rules
from bot.ingest.sources import iter_source
from bot.models import Article
from bot.net import Fetcher
from bot.pipeline import MAX_ARTICLE_CHARS

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


def _french_text(paragraphs: int) -> str:
    return "Varsovie s'arme\n\n" + "\n\n".join([PARA, PARA_2] * (paragraphs // 2)) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_stray_control_bytes_in_text_are_removed(tmp_path: Path, encoding: str) -> None:
    text = _french_text(12)
    damaged = (text.replace("annoncé jeudi", "annoncé\x00 jeudi", 1)
               .replace("Défense", "Dé\x00fense", 1)
               .replace("débat", "\x01débat\x1b", 1))
    (tmp_path / "abime.txt").write_bytes(damaged.encode(encoding))
    [article] = ingest(tmp_path / "abime.txt")
    assert isinstance(article, Article), article
    assert PARA in article.body and PARA_2 in article.body
    assert not re.search("[\x00-\x08\x0e-\x1f\x7f]", article.body + article.title)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
                     + random.Random(1).randbytes(20_000), id="png"),
        pytest.param(b"\x00" * 30_000 + _french_text(4).encode(), id="mostly-nul"),
        pytest.param(_french_text(4).encode("utf-16-le"), id="utf16-without-bom"),
        pytest.param(_french_text(100).encode() + random.Random(2).randbytes(9000),
                     id="text-then-binary"),
    ],
)
def test_binary_data_is_still_refused(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "fichier.txt").write_bytes(data)
    assert only_error(tmp_path / "fichier.txt").message == "binary file, not text"


def forbid_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Any attempt to open or read ``path`` fails the test (its size may still be asked)."""
    real_open = builtins.open
    real_path_open = Path.open
    target = path.resolve()

    def is_target(file: object) -> bool:
        return isinstance(file, (str, Path)) and Path(file).resolve() == target

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        assert not is_target(file), f"{file} must not be opened"
        return real_open(file, *args, **kwargs)

    def guarded_path_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        assert not is_target(self), f"{self} must not be opened"
        return real_path_open(self, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(Path, "open", guarded_path_open)
    for name in ("read_bytes", "read_text"):
        monkeypatch.setattr(Path, name, lambda self, *a, **k: guarded_path_open(self).read())


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:  # announced size, nothing written: instant to create
        handle.truncate(size)
    return path


TEXT_LIMIT = MAX_ARTICLE_CHARS * 4  # bytes: UTF-8 needs at most 4 bytes a character


@pytest.mark.parametrize("size", [TEXT_LIMIT + 1, 45 * 1024 * 1024])
def test_too_large_text_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    big = sparse(tmp_path / "enorme.txt", size)
    forbid_reading(monkeypatch, big)
    error = only_error(big)
    assert error.source == str(big) and "enorme.txt" in str(error)
    assert error.message.startswith("file too large (")
    assert "limit 800,000 bytes" in error.message or "limit 800 kB" in error.message
    assert "200,000 characters" in error.message


def test_too_large_html_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = sparse(tmp_path / "page.html", 5_000_001)
    forbid_reading(monkeypatch, big)
    message = only_error(big).message
    assert message.startswith(
        "file too large (5,000,001 bytes, limit 5,000,000 bytes for a .html file"
    )


def test_text_file_at_the_limit_is_read(tmp_path: Path) -> None:
    """The limit is on bytes, not a guess: a file of exactly the limit is read (and is then
    judged on what it holds)."""
    text = f"Titre\n\n{PARA}\n\n"
    body = (text * (TEXT_LIMIT // len(text.encode())))
    data = body.encode()
    data += b" " * (TEXT_LIMIT - len(data))
    (tmp_path / "long.txt").write_bytes(data)
    [item] = ingest(tmp_path / "long.txt")
    assert not (isinstance(item, IngestError) and "too large" in item.message), item


def test_reading_stops_after_the_limit(tmp_path: Path) -> None:
    """A file that grew after its size was checked is still read no further than the limit."""
    (tmp_path / "grandit.txt").write_bytes(b"x" * 300_000)
    assert len(read_at_most(tmp_path / "grandit.txt", 100_000)) == 100_001
    assert len(read_at_most(tmp_path / "grandit.txt", 500_000)) == 300_000


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


def test_broken_links_and_folders_named_like_documents_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a_bon.txt").write_text(f"Titre A\n\n{PARA}")
    (tmp_path / "b_lien.txt").symlink_to(tmp_path / "disparu.txt")
    (tmp_path / "c_dossier.txt").mkdir()
    (tmp_path / "c_dossier.txt" / "d_bon.md").write_text(f"# Titre D\n\n{PARA_2}\n")
    (tmp_path / "e_boucle.txt").symlink_to(tmp_path / "e_boucle.txt")
    (tmp_path / "f_lien_bon.txt").symlink_to(tmp_path / "a_bon.txt")
    items = ingest(tmp_path)
    found = [(Path(i.path).relative_to(tmp_path).as_posix(), "article")
             if isinstance(i, Article) else (Path(i.source).relative_to(tmp_path).as_posix(),
                                             i.message)
             for i in items]
    assert found == [
        ("a_bon.txt", "article"),
        ("b_lien.txt", f"broken link (it points to {tmp_path / 'disparu.txt'}, "
                       "which does not exist)"),
        ("c_dossier.txt", "a folder, not a file"),
        ("c_dossier.txt/d_bon.md", "article"),
        ("e_boucle.txt", f"broken link (it points to {tmp_path / 'e_boucle.txt'}, "
                         "which does not exist)"),
        ("f_lien_bon.txt", "article"),
    ]
    assert only_error(tmp_path / "b_lien.txt").message.startswith("broken link")


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
