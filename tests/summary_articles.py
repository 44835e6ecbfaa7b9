"""Team-written articles for the summary tests: a fictional transport law, and a minister accusing two states."""

from __future__ import annotations

TRANSPORT_LAW = """Dockers brace for transport law

The union leader Karin Holt said the new transport law "will destroy thousands of jobs in the ports". \
Holt, who heads the Harbour Workers' Union, spoke to reporters outside the parliament in Velden on Monday.

Transport Minister Lukas Brenner rejected the warning. He said the law would modernise freight and create \
new jobs in logistics. Brenner added that the government had consulted the port operators for two years.

The law, passed last week, merges the three port authorities into a single agency. It takes effect in March.

"We will strike if the ministry does not listen," Holt told the crowd.

Economist Paula Reyes said the reform could cut freight costs by a fifth but warned that smaller ports \
might lose traffic.
"""

# A deputy minister accusing two states: "US" in the article, "United States" in a summary, "Tokyo" for Japan.
SURVEY_SHIPS = """Chile says US and Japanese survey ships crowd its waters

The US and Japan have sent research vessels into waters off Chile's southern coast, putting the country's \
fishing grounds at risk, Deputy Foreign Minister Tomás Herrera has said.
In a radio interview on Thursday, he said Tokyo had begun a campaign of "quiet expansion" in the South Pacific \
as it builds up its research fleet. Japan has also widened its joint surveys with the US near Chilean waters, \
Herrera noted.
"We will defend every mile of our sea," Herrera said.
A spokesperson for the US embassy in Santiago said the vessels were on routine scientific missions and had \
followed international law.
Japanese Foreign Minister Kenji Arakawa said on Friday that Tokyo respected Chile's rights and wanted closer \
cooperation.
"""


def long_transport_article(paragraphs: int = 24) -> str:
    """Return a long article: the transport law story followed by many dated council paragraphs."""
    extra = [
        f"On day {i} of the debate, Karin Holt said the dock schedules in berth {i} were still unclear. "
        f"Lukas Brenner said the agency would publish the berth {i} timetable soon."
        for i in range(1, paragraphs + 1)
    ]
    return TRANSPORT_LAW + "\n" + "\n\n".join(extra) + "\n"
