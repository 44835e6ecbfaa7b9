"""A long made-up news text from team-written sentence templates: many people, titles, bodies and countries."""

from __future__ import annotations

import random

FIRST = ["Mara", "Tomas", "Ilse", "Jonas", "Petra", "Oskar", "Lena", "Ivo", "Greta", "Anselm", "Nadia", "Emil"]
FIRST += ["Rosa", "Viktor", "Alma", "Bruno", "Carla", "Dario", "Edda", "Felix", "Hanna", "Jakob", "Kira", "Linus"]
SURNAMES = ["Lind", "Berg", "Varga", "Holm", "Kessler", "Brandt", "Novak", "Sorel", "Quist", "Dahl", "Moreau", "Falk"]
SURNAMES += ["Aalto", "Bianchi", "Castell", "Dorn", "Engel", "Fontaine", "Grau", "Hartmann", "Ibsen", "Jensen"]
TITLES = ["Harbour Minister", "Deputy Mayor", "union chair", "port authority chief", "councillor", "Senator"]
BODIES = [
    "Dockworkers' Union",
    "Port Authority",
    "Harbour Council",
    "Fishing Cooperative",
    "Quay Residents Association",
]
BODIES += ["Coastal Shipping Board", "Northern Ferry Company", "Town Planning Office", "Marine Research Institute"]
PLACES = ["Norway", "Denmark", "Sweden", "Finland", "Iceland", "Estonia"]
TOPICS = ["the harbour plan", "the new ferry route", "the fishing quota", "the quay rebuild", "the port levy"]

TEMPLATES = [
    "“{topic} will cost the town dearly,” said {title} {name}. {surname} spoke at the {body} on {day}.",
    "{name}, the {title}, criticised the {body} over {topic} at a packed meeting in the old customs hall.",
    "The {body} said it had listened to every objection and that {topic} was sound.",
    "“We will not accept {topic},” said {surname}, who has led the campaign since spring.",
    "Officials in {place} said they were watching {topic} closely; the {title} declined to comment.",
    "{name} praised {other} for defending {topic}, while the {body} warned of delays.",
    "According to {surname}, the government of {place} had offered to share the cost of {topic}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def team_text(megabytes: float, seed: int = 13) -> str:
    """Return paragraphs of made-up reporting, about `megabytes` of UTF-8, the same for the same seed."""
    rng = random.Random(seed)
    people = [(f, s) for f in FIRST for s in SURNAMES]
    parts: list[str] = []
    size = 0
    while size < megabytes * 2**20:
        first, surname = rng.choice(people)
        other = " ".join(rng.choice(people))
        fill = {"name": f"{first} {surname}", "surname": surname, "other": other, "title": rng.choice(TITLES)}
        fill |= {"body": rng.choice(BODIES), "place": rng.choice(PLACES), "topic": rng.choice(TOPICS)}
        sentences = [rng.choice(TEMPLATES).format(day=rng.choice(DAYS), **fill) for _ in range(rng.randint(1, 3))]
        parts.append(" ".join(sentences) + "\n\n")
        size += len(parts[-1].encode("utf-8"))
    return "".join(parts)
