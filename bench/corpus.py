"""Synthetic French news corpus with known statements, for benchmarks at newsroom scale.

Each generated article comes with the :class:`~bot.models.Analysis` that describes it (the
statements and who said them), so a store of 100k articles can be built without running
spaCy. Sentences follow the structures of the seed articles: direct quotes in « » with the
reporting clause before or after (``« … », a déclaré X``; ``X a averti : « … »``; ``« … »,
a-t-il ajouté``), reported speech (``X a affirmé que …``; ``Selon X, …``; ``…, selon X.``;
``D'après le porte-parole du Kremlin, …``), mixed quotes with quoted fragments, and narrative
sentences without a speaker.

Actors come from ``seeds/actors.json`` (through :func:`bot.nlp.load_actor_records`) plus
synthetic people with roles; topics from ``seeds/glossary_en_fr.tsv``. Both fall back to
small built-in lists when the files are missing, so the generator never depends on them.

Everything is deterministic: article ``i`` of seed ``s`` is always the same text, whatever
``n`` is, and it is generated from its own random stream (cheap slicing, no global state).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from bot.models import ActorRecord, Analysis, Article, Block, Mention, Statement

GENERATOR_VERSION = "1"

# --- built-in fallbacks (used only when seeds/ lacks the files) -----------------------------

_BUILTIN_ACTORS: list[tuple[str, str, list[str], str | None]] = [
    ("Sergueï Lavrov", "person", ["Lavrov", "Sergei Lavrov"],
     "le chef de la diplomatie russe"),
    ("Dmitri Peskov", "person", ["Peskov", "Dmitry Peskov", "Peskow"],
     "le porte-parole du Kremlin"),
    ("Vladimir Poutine", "person", ["Poutine", "Putin", "Vladimir Putin"], "le président russe"),
    ("Volodymyr Zelensky", "person", ["Zelensky", "Zelenskyy"], "le président ukrainien"),
    ("Emmanuel Macron", "person", ["Macron"], "le président français"),
    ("Mark Rutte", "person", ["Rutte"], "le secrétaire général de l'Otan"),
    ("Jens Stoltenberg", "person", ["Stoltenberg"], "l'ancien secrétaire général de l'Otan"),
    ("Donald Trump", "person", ["Trump"], "le président américain"),
    ("Marco Rubio", "person", ["Rubio"], "le secrétaire d'État américain"),
    ("Maria Zakharova", "person", ["Zakharova"], "la porte-parole de la diplomatie russe"),
    ("Kremlin", "institution", ["le Kremlin", "Moscou"], None),
    ("Otan", "institution", ["OTAN", "NATO", "l'Alliance atlantique"], None),
]

_BUILTIN_TOPICS: list[tuple[str, str]] = [
    ("truce", "trêve"), ("ceasefire", "cessez-le-feu"), ("troops", "troupes"),
    ("red line", "ligne rouge"), ("peacekeepers", "forces de maintien de la paix"),
    ("sanctions", "sanctions"), ("weapons", "armes"), ("meeting", "rencontre"),
    ("war", "guerre"), ("negotiations", "négociations"), ("security", "sécurité"),
    ("gas", "gaz"), ("oil", "pétrole"), ("border", "frontière"), ("elections", "élections"),
    ("nuclear weapons", "armes nucléaires"), ("missiles", "missiles"), ("drones", "drones"),
    ("prisoners", "prisonniers"), ("grain", "céréales"), ("refugees", "réfugiés"),
    ("offensive", "offensive"), ("enlargement", "élargissement"), ("summit", "sommet"),
    ("talks", "pourparlers"), ("aid", "aide"), ("embassy", "ambassade"),
    ("air defence", "défense aérienne"), ("Black Sea", "mer Noire"), ("Crimea", "Crimée"),
]

FIRST_NAMES = [
    "Andreï", "Alexeï", "Anna", "Boris", "Catherine", "Claire", "Dmytro", "Elena", "Fabien",
    "Gérard", "Hélène", "Igor", "Irina", "Jean", "Julie", "Kateryna", "Laurent", "Léa",
    "Marc", "Marie", "Mikhaïl", "Natalia", "Nicolas", "Oleksandr", "Olga", "Pavel", "Pierre",
    "Roman", "Sophie", "Stéphane", "Svetlana", "Taras", "Thomas", "Valérie", "Viktor",
    "Yulia", "Youri", "Zoé", "Agnès", "Bernard", "Denis", "Emilie", "François", "Grégoire",
    "Ivan", "Josep", "Karin", "Lucas", "Mathilde", "Oksana", "Petro", "Rachida", "Sergiy",
]
LAST_NAMES = [
    "Abramov", "Belov", "Bondarenko", "Chevalier", "Dubois", "Durand", "Fedorov", "Garnier",
    "Girard", "Hrytsenko", "Ivanenko", "Kovalenko", "Kuznetsov", "Lambert", "Lebedev",
    "Lefebvre", "Lemaire", "Marchenko", "Mercier", "Morozov", "Moreau", "Nikolaïev",
    "Orlov", "Pavlenko", "Petit", "Popov", "Roussel", "Savchenko", "Semenov", "Shevchenko",
    "Sokolov", "Tkachenko", "Vasiliev", "Volkov", "Zaitsev", "Bertrand", "Blanc", "Faure",
    "Guerin", "Kravtchouk", "Lysenko", "Melnyk", "Novak", "Rousseau", "Smirnov", "Tarasov",
    "Vincent", "Yakovlev", "Zinchenko", "Boyko", "Fontaine", "Hamon", "Karpenko", "Leroy",
]
ROLES = [
    "le ministre ukrainien de la Défense", "le vice-ministre russe des Affaires étrangères",
    "l'ambassadeur de Russie en France", "le chef de la diplomatie européenne",
    "le porte-parole du ministère russe de la Défense", "la ministre française des Armées",
    "le conseiller présidentiel ukrainien", "le député de la Douma",
    "le président de la commission des Affaires étrangères", "le chef d'état-major",
    "le gouverneur de la région", "la porte-parole de la Maison Blanche",
    "le maire de Kharkiv", "l'analyste militaire", "le représentant permanent à l'ONU",
    "le secrétaire du Conseil de sécurité", "la présidente de la Commission européenne",
    "le négociateur en chef", "le diplomate européen", "le commandant des forces terrestres",
]
OUTLETS = [
    ("Sputnik France", "fr.sputniknews.com"), ("Reuters", "www.reuters.com"),
    ("Le Monde", "www.lemonde.fr"), ("Le Figaro", "www.lefigaro.fr"),
    ("Libération", "www.liberation.fr"), ("France 24", "www.france24.com"),
    ("RFI", "www.rfi.fr"), ("AFP", "www.afp.com"), ("Brut", "www.brut.media"),
    ("Ouest-France", "www.ouest-france.fr"), ("La Croix", "www.la-croix.com"),
    ("Les Echos", "www.lesechos.fr"),
]
DIRECT_CUES = [
    ("a déclaré", "déclarer"), ("a affirmé", "affirmer"), ("a assuré", "assurer"),
    ("a souligné", "souligner"), ("a ajouté", "ajouter"), ("a expliqué", "expliquer"),
    ("a martelé", "marteler"), ("a averti", "avertir"), ("a estimé", "estimer"),
    ("a insisté", "insister"), ("a lancé", "lancer"), ("a poursuivi", "poursuivre"),
    ("a dénoncé", "dénoncer"), ("a rappelé", "rappeler"), ("a confié", "confier"),
    ("a indiqué", "indiquer"), ("a prévenu", "prévenir"), ("a tweeté", "tweeter"),
]
INDIRECT_CUES = [
    ("a déclaré", "déclarer"), ("a affirmé", "affirmer"), ("a assuré", "assurer"),
    ("a souligné", "souligner"), ("a estimé", "estimer"), ("a averti", "avertir"),
    ("a indiqué", "indiquer"), ("a expliqué", "expliquer"), ("a rappelé", "rappeler"),
    ("a jugé", "juger"), ("a constaté", "constater"), ("a reconnu", "reconnaître"),
    ("a prévenu", "prévenir"), ("estime", "estimer"), ("considère", "considérer"),
    ("a fait savoir", "faire savoir"), ("a répété", "répéter"), ("a démenti", "démentir"),
]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
SUBJECTS = [
    "la Russie", "Moscou", "Washington", "l'Ukraine", "Kiev", "les Occidentaux", "l'Otan",
    "l'Union européenne", "Paris", "Berlin", "les États-Unis", "la France", "Pékin",
    "les alliés", "le gouvernement", "l'armée", "la communauté internationale",
]
PREDICATES = [
    "ne tolérera pas de compromis", "est prête à discuter", "rejette toute concession",
    "exige des garanties", "n'exclut aucune option", "prépare une réponse",
    "refuse toute discussion", "attend des précisions", "soutient une solution négociée",
    "veut reprendre le dialogue", "a présenté une nouvelle proposition",
    "n'a pas encore répondu", "doit faire preuve de retenue", "cherche à gagner du temps",
    "ne renoncera pas à ses exigences", "souhaite un équilibre des intérêts",
]
FRAMES = [
    "en matière {de} {t}", "au sujet {de} {t}", "concernant {le} {t}", "sur la question {de} {t}",
    "dans le dossier {de} {t}", "à propos {de} {t}",
]
RED_LINE_PHRASES = [
    ("constituerait une ligne rouge", "ligne-rouge"),
    ("serait tout à fait inacceptable", "inacceptable"),
    ("représente une menace directe pour notre sécurité", "menace"),
    ("entraînera une riposte", "riposte"),
    ("aura des conséquences très graves", "consequences"),
    ("ne sera en aucun cas tolérée", "intolerable"),
]
NARRATIVE = [
    "Les discussions se sont poursuivies tard dans la soirée {a} {t}.",
    "Plusieurs capitales européennes suivent de près l'évolution de la situation {a} {t}.",
    "Aucune date n'a été fixée pour une nouvelle réunion {a} {t}.",
    "Le dossier {de} {t} reste au cœur des tensions entre les deux pays.",
    "Des experts doutent de la portée réelle de ces annonces {a} {t}.",
    "La question {de} {t} doit être abordée lors du prochain sommet.",
    "Les marchés ont réagi avec prudence aux informations {a} {t}.",
]
HEADINGS = [
    "{T} : les positions se durcissent", "Moscou et Washington divisés sur {le} {t}",
    "Ce que l'on sait {a} {t}", "Vers un accord {a} {t} ?", "{T} : la réponse de Kiev",
]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
VOWELS = tuple("aeiouyéèêàâîïôûhAEIOUYÉÈÊÀÂÎÏÔÛH")


def _de(term: str) -> str:
    return "d'" if term.startswith(VOWELS) else "de "


def _fill(pattern: str, term: str) -> str:
    de = _de(term)
    return (
        pattern.replace("{de} ", de)
        .replace("{a} ", "concernant ")
        .replace("{le} ", "")
        .replace("{T}", term[:1].upper() + term[1:])
        .replace("{t}", term)
    )


# --- actors and topics ---------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusActor:
    name: str
    kind: str  # person | institution | country
    aliases: tuple[str, ...]
    role: str | None = None
    synthetic: bool = False


@dataclass(frozen=True)
class Topic:
    en: str
    fr: str


def _read_actors_file(path: Path) -> list[ActorRecord]:
    """seeds/actors.json read directly ({"actors": [{name, kind, aliases, roles}, …]})."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = data.get("actors", []) if isinstance(data, dict) else data
    records = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            records.append(ActorRecord(
                name=item["name"],
                kind=str(item.get("kind") or "person"),
                aliases=[a for a in item.get("aliases") or [] if isinstance(a, str)],
                roles=[r for r in item.get("roles") or [] if isinstance(r, dict)],
            ))
    return records


def _seed_actor_records(seeds_dir: Path) -> list[CorpusActor]:
    try:
        from bot.nlp import load_actor_records

        records = load_actor_records(seeds_dir)
    except Exception:  # a broken or missing actors file must not stop the benchmarks
        records = []
    if not records:
        records = _read_actors_file(seeds_dir / "actors.json")
    actors = []
    for record in records:
        role = None
        for item in record.roles or []:
            text = item.get("role") if isinstance(item, dict) else None
            if text and not item.get("end"):
                role = text if text.startswith(("le ", "la ", "l'")) else f"le {text}"
                break
        kind = record.kind if record.kind in {"person", "institution", "country"} else "person"
        actors.append(CorpusActor(record.name, kind, tuple(record.aliases), role))
    return actors


def load_actors(seeds_dir: Path, synthetic: int = 2000) -> list[CorpusActor]:
    """Known actors (seeds/actors.json, else the built-in list) then ``synthetic`` people."""
    actors = _seed_actor_records(seeds_dir)
    if not actors:
        actors = [CorpusActor(n, k, tuple(a), r) for n, k, a, r in _BUILTIN_ACTORS]
    known = {a.name for a in actors}
    rng = random.Random(20_240_101)
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    for first, last in pairs[:synthetic]:
        name = f"{first} {last}"
        if name in known:
            continue
        actors.append(
            CorpusActor(name, "person", (last,), rng.choice(ROLES), synthetic=True)
        )
    return actors


def load_topics(seeds_dir: Path) -> list[Topic]:
    """EN⇄FR pairs from seeds/glossary_en_fr.tsv (first two columns), else built-ins."""
    path = seeds_dir / "glossary_en_fr.tsv"
    topics: list[Topic] = []
    seen: set[str] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith(("#", "!")):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                continue
            en = cols[0].split("|")[0].split(";")[0].strip()
            fr = cols[1].split("|")[0].split(";")[0].strip()
            if en.lower() in {"en", "english"} or not en or not fr or fr in seen:
                continue
            seen.add(fr)
            topics.append(Topic(en, fr))
    if len(topics) < 10:
        topics = [Topic(en, fr) for en, fr in _BUILTIN_TOPICS]
    return topics


# --- generation ----------------------------------------------------------------------------


@dataclass
class _Para:
    sentences: list[str] = field(default_factory=list)
    # (sentence index, start in sentence, end in sentence, statement without offsets)
    statements: list[tuple[int, int, int, Statement]] = field(default_factory=list)


@dataclass
class CorpusConfig:
    seed: int = 42
    seeds_dir: Path = Path("seeds")
    synthetic_actors: int = 2000
    start: date = date(2019, 1, 1)
    days: int = 7 * 365
    statements_per_article: float = 8.3


class Corpus:
    """Deterministic generator of (Article, Analysis) pairs."""

    def __init__(self, config: CorpusConfig) -> None:
        self.config = config

    @cached_property
    def actors(self) -> list[CorpusActor]:
        return load_actors(self.config.seeds_dir, self.config.synthetic_actors)

    @cached_property
    def topics(self) -> list[Topic]:
        return load_topics(self.config.seeds_dir)

    @cached_property
    def _actor_weights(self) -> list[float]:
        # Zipf-like: known actors speak most, synthetic ones form the long tail.
        weights = []
        for rank, actor in enumerate(self.actors, start=1):
            boost = 1.0 if actor.synthetic else 8.0
            weights.append(boost / rank**0.8)
        total = 0.0
        cumulative = []
        for w in weights:
            total += w
            cumulative.append(total)
        return cumulative

    @cached_property
    def _topic_weights(self) -> list[float]:
        total = 0.0
        cumulative = []
        for rank in range(1, len(self.topics) + 1):
            total += 1.0 / rank**0.6
            cumulative.append(total)
        return cumulative

    def article(self, index: int) -> tuple[Article, Analysis]:
        rng = random.Random(self.config.seed * 1_000_003 + index)
        topics = rng.choices(self.topics, cum_weights=self._topic_weights, k=3)
        main = topics[0].fr
        speakers = rng.choices(self.actors, cum_weights=self._actor_weights, k=4)
        outlet, domain = rng.choice(OUTLETS)
        published = self.config.start + timedelta(days=rng.randrange(self.config.days))
        roll = rng.random()
        if roll < 0.85:
            published_on, precision = published.isoformat(), "day"
        elif roll < 0.97:
            published_on, precision = published.isoformat()[:7], "month"
        else:
            published_on, precision = None, "none"
        title = self._title(rng, speakers[0], main)
        target = max(1, round(rng.gauss(self.config.statements_per_article, 3)))
        blocks: list[Block] = []
        statements: list[Statement] = []
        mentions: list[Mention] = []
        offset = 0
        heading: str | None = None
        n_para = max(2, (target + 1) // 2)
        for p in range(n_para):
            if p and p % 3 == 0 and rng.random() < 0.6:
                heading = _fill(rng.choice(HEADINGS), rng.choice(topics).fr)
                blocks.append(Block("heading", heading))
                offset += len(heading) + 2
            para = self._paragraph(rng, speakers, topics, published, precision, target, p)
            text = " ".join(para.sentences)
            starts = []
            pos = 0
            for sentence in para.sentences:
                starts.append(pos)
                pos += len(sentence) + 1
            for si, s_start, s_end, st in para.statements:
                st.start = offset + starts[si] + s_start
                st.end = offset + starts[si] + s_end
                st.paragraph = text
                st.heading = heading
                statements.append(st)
                if st.speaker and st.speaker_text and st.speaker_kind != "unknown":
                    at = text.find(st.speaker_text)
                    if at >= 0:
                        mentions.append(
                            Mention(st.speaker, st.speaker_kind, st.speaker_text,
                                    offset + at, offset + at + len(st.speaker_text))
                        )
            blocks.append(Block("paragraph", text))
            offset += len(text) + 2
        slug = "-".join(title.lower().split()[:6]).replace("'", "").replace("«", "")
        article = Article(
            doc=f"bench-{self.config.seed}-{index:06d}",
            title=title,
            blocks=blocks,
            source=outlet,
            url=f"https://{domain}/{published.isoformat()}/{slug}-{index}.html",
            published_on=published_on,
            date_precision=precision,  # type: ignore[arg-type]
        )
        return article, Analysis(statements=statements, mentions=mentions)

    def iter_articles(self, n: int, start: int = 0) -> Iterator[tuple[Article, Analysis]]:
        for index in range(start, start + n):
            yield self.article(index)

    # --- pieces ---------------------------------------------------------------------------

    def _title(self, rng: random.Random, actor: CorpusActor, topic: str) -> str:
        short = actor.aliases[0] if actor.aliases else actor.name
        return rng.choice([
            f"{short} s'exprime sur {topic}",
            f"{topic[:1].upper()}{topic[1:]} : {short} hausse le ton",
            f"Pour {short}, {topic} n'est pas négociable",
            f"{short} évoque « {topic} » lors d'un point de presse",
        ])

    def _clause(self, rng: random.Random, topic: str) -> tuple[str, str | None]:
        subject = rng.choice(SUBJECTS)
        frame = _fill(rng.choice(FRAMES), topic)
        if rng.random() < 0.12:
            phrase, rule = rng.choice(RED_LINE_PHRASES)
            return f"toute avancée de l'Otan {frame} {phrase}", rule
        return f"{subject} {rng.choice(PREDICATES)} {frame}", None

    def _said(
        self, rng: random.Random, published: date, precision: str
    ) -> tuple[str, str | None, str]:
        """(time phrase, said_on, said_precision) resolved against the article date."""
        if precision == "day":
            back = rng.choice([0, 0, 1, 1, 2, 3])
            day = published - timedelta(days=back)
            if back == 0:
                return rng.choice(["ce " + WEEKDAYS[day.weekday()], ""]), day.isoformat(), "day"
            if back == 1 and rng.random() < 0.5:
                return "la veille", day.isoformat(), "day"
            return WEEKDAYS[day.weekday()], day.isoformat(), "day"
        if precision == "month":
            return "", published.isoformat()[:7], "month"
        if rng.random() < 0.3:
            phrase = f"le {published.day} {MONTHS_FR[published.month - 1]} {published.year}"
            return phrase, published.isoformat(), "day"
        return "", None, "none"

    def _paragraph(
        self,
        rng: random.Random,
        speakers: list[CorpusActor],
        topics: list[Topic],
        published: date,
        precision: str,
        target: int,
        index: int,
    ) -> _Para:
        para = _Para()
        last: CorpusActor | None = None
        for _ in range(rng.randint(2, 4)):
            topic = rng.choice(topics).fr
            if rng.random() < 0.2:
                para.sentences.append(_fill(rng.choice(NARRATIVE), topic))
                continue
            actor = rng.choice(speakers)
            when, said_on, said_precision = self._said(rng, published, precision)
            sentence, span, statement = self._statement(rng, actor, last, topic, when)
            statement.said_on, statement.said_precision = said_on, said_precision  # type: ignore[assignment]
            statement.sentence = sentence
            para.statements.append((len(para.sentences), span[0], span[1], statement))
            para.sentences.append(sentence)
            last = actor
        return para

    def _statement(
        self,
        rng: random.Random,
        actor: CorpusActor,
        last: CorpusActor | None,
        topic: str,
        when: str,
    ) -> tuple[str, tuple[int, int], Statement]:
        """One sentence with its statement; span = the statement's words in the sentence."""
        clause, rule = self._clause(rng, topic)
        named = actor.name
        if actor.kind == "person" and actor.role and rng.random() < 0.4:
            named = f"{actor.role}, {actor.name}"
        elif actor.kind != "person":
            named = actor.aliases[0] if actor.aliases else actor.name
        speaker_text = named
        when_part = f" {when}" if when else ""
        roll = rng.random()
        pronoun = last is not None and last == actor and actor.kind == "person"
        if roll < 0.4:  # direct
            words = clause[:1].upper() + clause[1:]
            cue, lemma = rng.choice(DIRECT_CUES)
            if pronoun and rng.random() < 0.5:
                speaker_text = "il"
                before = "« "
                sentence = f"« {words} », a-t-il {cue.split(' ', 1)[1]}{when_part}."
            elif rng.random() < 0.5:
                before = "« "
                sentence = f"« {words} », {cue}{when_part} {named}."
            else:
                head = f"{named[:1].upper()}{named[1:]} {cue}{when_part} : "
                before = head + "« "
                sentence = f"{before}{words} »."
            kind = "direct"
        elif roll < 0.85:  # indirect
            words = clause
            cue, lemma = rng.choice(INDIRECT_CUES)
            form = rng.random()
            if form < 0.55:
                before = f"{named[:1].upper()}{named[1:]} {cue}{when_part} que "
                sentence = f"{before}{words}."
            elif form < 0.8:
                lemma = "selon"
                before = f"Selon {named}, "
                sentence = f"{before}{words}."
            else:
                lemma = "selon"
                before = ""
                words = clause[:1].upper() + clause[1:]
                sentence = f"{words}, selon {named}."
            kind = "indirect"
        else:  # mixed: reported speech with a quoted fragment
            cue, lemma = rng.choice(INDIRECT_CUES)
            parts = clause.split(" ")
            cut = max(1, len(parts) - 3)
            words = " ".join(parts[:cut]) + " « " + " ".join(parts[cut:]) + " »"
            before = f"{named[:1].upper()}{named[1:]} {cue}{when_part} que "
            sentence = f"{before}{words}."
            kind = "mixed"
        start = len(before)
        statement = Statement(
            kind=kind,  # type: ignore[arg-type]
            text=words,
            start=start,
            end=start + len(words),
            speaker=actor.name,
            speaker_text=speaker_text,
            speaker_kind=actor.kind,  # type: ignore[arg-type]
            cue=lemma,
            red_line=rule is not None,
            red_line_rule=rule,
        )
        return sentence, (start, start + len(words)), statement


def article_file_text(article: Article) -> str:
    """The article as a text file in the seeds' layout (header line, title, paragraphs)."""
    header = " ".join(x for x in ("date", article.published_on or "", article.url or "") if x)
    parts = [f" {header}", article.title, *(block.text for block in article.blocks)]
    return "\n\n".join(parts) + "\n"


def write_articles(corpus: Corpus, n: int, folder: Path, start: int = 0) -> list[Path]:
    """Write ``n`` generated articles as .txt files into ``folder`` (for ingest benchmarks)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article, _ in corpus.iter_articles(n, start):
        path = folder / f"{article.doc}.txt"
        path.write_text(article_file_text(article), encoding="utf-8")
        paths.append(path)
    return paths


def describe(corpus: Corpus, n: int = 200) -> dict[str, float]:
    """Average size figures of the first ``n`` articles (for reports)."""
    chars = statements = 0
    for article, analysis in corpus.iter_articles(n):
        chars += len(article.body)
        statements += len(analysis.statements)
    return {"chars_per_article": chars / n, "statements_per_article": statements / n}
