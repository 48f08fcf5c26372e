"""The names of Sweden's 290 municipalities (SCB's kommunlista, 2026) and 21 regions.

Only used to keep the name matcher honest: a word that is itself the name of a Swedish
municipality or region names that place, which is never a typo of another place that *is*
in an agreement ("Linköping" is not "Lidköping", "Gotland" is not "Götaland"). A municipality
that is a party is found by its exact name long before this list is consulted. Compared
folded, Håbo and Habo are one word, so MUNICIPALITIES holds 289.
"""

from __future__ import annotations

from commands.core.text import fold

_MUNICIPALITIES = """
    # Stockholms län
    Botkyrka, Danderyd, Ekerö, Haninge, Huddinge, Järfälla, Lidingö, Nacka, Norrtälje,
    Nykvarn, Nynäshamn, Salem, Sigtuna, Sollentuna, Solna, Stockholm, Sundbyberg, Södertälje,
    Tyresö, Täby, Upplands-Bro, Upplands Väsby, Vallentuna, Vaxholm, Värmdö, Österåker,
    # Uppsala län
    Enköping, Heby, Håbo, Knivsta, Tierp, Uppsala, Älvkarleby, Östhammar,
    # Södermanlands län
    Eskilstuna, Flen, Gnesta, Katrineholm, Nyköping, Oxelösund, Strängnäs, Trosa, Vingåker,
    # Östergötlands län
    Boxholm, Finspång, Kinda, Linköping, Mjölby, Motala, Norrköping, Söderköping, Vadstena,
    Valdemarsvik, Ydre, Åtvidaberg, Ödeshög,
    # Jönköpings län
    Aneby, Eksjö, Gislaved, Gnosjö, Habo, Jönköping, Mullsjö, Nässjö, Sävsjö, Tranås,
    Vaggeryd, Vetlanda, Värnamo,
    # Kronobergs län
    Alvesta, Lessebo, Ljungby, Markaryd, Tingsryd, Uppvidinge, Växjö, Älmhult,
    # Kalmar län
    Borgholm, Emmaboda, Hultsfred, Högsby, Kalmar, Mönsterås, Mörbylånga, Nybro, Oskarshamn,
    Torsås, Vimmerby, Västervik,
    # Gotlands län
    Gotland,
    # Blekinge län
    Karlshamn, Karlskrona, Olofström, Ronneby, Sölvesborg,
    # Skåne län
    Bjuv, Bromölla, Burlöv, Båstad, Eslöv, Helsingborg, Hässleholm, Höganäs, Hörby, Höör,
    Klippan, Kristianstad, Kävlinge, Landskrona, Lomma, Lund, Malmö, Osby, Perstorp,
    Simrishamn, Sjöbo, Skurup, Staffanstorp, Svalöv, Svedala, Tomelilla, Trelleborg,
    Vellinge, Ystad, Åstorp, Ängelholm, Örkelljunga, Östra Göinge,
    # Hallands län
    Falkenberg, Halmstad, Hylte, Kungsbacka, Laholm, Varberg,
    # Västra Götalands län
    Ale, Alingsås, Bengtsfors, Bollebygd, Borås, Dals-Ed, Essunga, Falköping, Färgelanda,
    Grästorp, Gullspång, Göteborg, Götene, Herrljunga, Hjo, Härryda, Karlsborg, Kungälv,
    Lerum, Lidköping, Lilla Edet, Lysekil, Mariestad, Mark, Mellerud, Munkedal, Mölndal,
    Orust, Partille, Skara, Skövde, Sotenäs, Stenungsund, Strömstad, Svenljunga, Tanum,
    Tibro, Tidaholm, Tjörn, Tranemo, Trollhättan, Töreboda, Uddevalla, Ulricehamn, Vara,
    Vårgårda, Vänersborg, Åmål, Öckerö,
    # Värmlands län
    Arvika, Eda, Filipstad, Forshaga, Grums, Hagfors, Hammarö, Karlstad, Kil, Kristinehamn,
    Munkfors, Storfors, Sunne, Säffle, Torsby, Årjäng,
    # Örebro län
    Askersund, Degerfors, Hallsberg, Hällefors, Karlskoga, Kumla, Laxå, Lekeberg, Lindesberg,
    Ljusnarsberg, Nora, Örebro,
    # Västmanlands län
    Arboga, Fagersta, Hallstahammar, Kungsör, Köping, Norberg, Sala, Skinnskatteberg,
    Surahammar, Västerås,
    # Dalarnas län
    Avesta, Borlänge, Falun, Gagnef, Hedemora, Leksand, Ludvika, Malung-Sälen, Mora, Orsa,
    Rättvik, Smedjebacken, Säter, Vansbro, Älvdalen,
    # Gävleborgs län
    Bollnäs, Gävle, Hofors, Hudiksvall, Ljusdal, Nordanstig, Ockelbo, Ovanåker, Sandviken,
    Söderhamn,
    # Västernorrlands län
    Härnösand, Kramfors, Sollefteå, Sundsvall, Timrå, Ånge, Örnsköldsvik,
    # Jämtlands län
    Berg, Bräcke, Härjedalen, Krokom, Ragunda, Strömsund, Åre, Östersund,
    # Västerbottens län
    Bjurholm, Dorotea, Lycksele, Malå, Nordmaling, Norsjö, Robertsfors, Skellefteå, Sorsele,
    Storuman, Umeå, Vilhelmina, Vindeln, Vännäs, Åsele,
    # Norrbottens län
    Arjeplog, Arvidsjaur, Boden, Gällivare, Haparanda, Jokkmokk, Kalix, Kiruna, Luleå,
    Pajala, Piteå, Älvsbyn, Överkalix, Övertorneå
"""

_REGIONS = """
    Stockholm, Uppsala, Sörmland, Östergötland, Jönköping, Kronoberg, Kalmar, Gotland, Blekinge,
    Skåne, Halland, Västra Götaland, Värmland, Örebro, Västmanland, Dalarna, Gävleborg,
    Västernorrland, Jämtland Härjedalen, Västerbotten, Norrbotten
"""


def _names(block: str) -> frozenset[str]:
    """Folded names from a comma-separated block; ``#`` starts a comment (the county)."""
    lines = (line.split("#", 1)[0] for line in block.splitlines())
    return frozenset(fold(name.strip()) for line in lines for name in line.split(",")
                     if name.strip())


MUNICIPALITIES = _names(_MUNICIPALITIES)
REGIONS = _names(_REGIONS)
# Folded single words that name a place on their own ("linkoping", "gotland", "upplands-bro")
PLACE_WORDS = frozenset(name for name in MUNICIPALITIES | REGIONS if " " not in name)
