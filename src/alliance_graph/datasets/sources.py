"""The shared open datasets this project cites, as source nodes: each dataset's title, version, publisher and
citation (:class:`DatasetSource`, which also makes the ``ag:DatasetRow`` node of one row), the COW state list with
its names in four languages, and the crosswalk between curated agreements and their ATOP/COW identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from alliance_graph import iris

AG = Namespace(iris.DEF)
SCHEMA = Namespace("https://schema.org/")
MEASURE = Namespace(iris.PREFIXES["measure"])
ACCESSED = "2026-11-25"


@dataclass(frozen=True)
class DatasetSource:
    """A dataset cited as a source node; the facts taken from it cite one of its rows (:meth:`row`)."""

    slug: str
    title: str
    publisher: str
    url: str
    issued: str
    issued_precision: str | None = None
    version: str | None = None
    citation: str | None = None

    @property
    def node(self) -> URIRef:
        return URIRef(iris.iri("source", self.slug))

    def add_to(self, graph: Graph) -> URIRef:
        node = self.node
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, RDF.type, SCHEMA.Dataset))
        graph.add((node, DCTERMS.title, Literal(self.title)))
        graph.add((node, DCTERMS.publisher, Literal(self.publisher)))
        graph.add((node, SCHEMA.url, Literal(self.url, datatype=XSD.anyURI)))
        graph.add((node, DCTERMS.issued, Literal(self.issued, datatype=XSD.date)))
        if self.issued_precision:
            graph.add((node, AG.issuedPrecision, AG[self.issued_precision]))
        if self.version:
            graph.add((node, SCHEMA.version, Literal(self.version)))
        if self.citation:
            graph.add((node, DCTERMS.bibliographicCitation, Literal(self.citation)))
        graph.add((node, AG.sourceKind, AG.DatasetSource))
        graph.add((node, AG.accessedOn, Literal(ACCESSED, datatype=XSD.date)))
        return node

    def row(self, graph: Graph, slug: str, file: str, key: str) -> URIRef:
        """The ``ag:DatasetRow`` node ``source:<dataset>--<slug>``: ``key`` (``column=value; ...``) in ``file``.

        It repeats the dataset's URL and publisher, which every source node carries.
        """
        node = URIRef(iris.iri("source", f"{self.slug}--{slug}"))
        graph.add((node, RDF.type, AG.DatasetRow))
        graph.add((node, DCTERMS.title, Literal(f"{self.title}, {file}, {key}")))
        graph.add((node, DCTERMS.isPartOf, self.node))
        graph.add((node, DCTERMS.publisher, Literal(self.publisher)))
        graph.add((node, SCHEMA.url, Literal(self.url, datatype=XSD.anyURI)))
        graph.add((node, AG.datasetFile, Literal(file)))
        graph.add((node, AG.rowKey, Literal(key)))
        graph.add((node, AG.sourceKind, AG.DatasetSource))
        return node


COW_STATES = DatasetSource(
    "cow-state-system-membership-2016",
    "State System Membership List, v2016",
    "Correlates of War Project",
    "https://correlatesofwar.org/data-sets/state-system-membership/",
    "2017-01-01",
    "year",
    "2016",
    'Correlates of War Project. 2017. "State System Membership List, v2016." Online, http://correlatesofwar.org.',
)
NATO_SPENDING = DatasetSource(
    "nato-defence-expenditure-2014-2024",
    "Defence Expenditure of NATO Countries (2014-2024)",
    "NATO Public Diplomacy Division",
    "https://www.nato.int/cps/en/natohq/topics_49198.htm",
    "2024-06-01",
    "month",
    "June 2024 (2024 values are estimates)",
    'NATO Public Diplomacy Division. 2024. "Defence Expenditure of NATO Countries (2014-2024)."'
    " Press release, June 2024.",
)
SIPRI_SHARE = DatasetSource(
    "sipri-milex-share-of-gdp-owid",
    "Military expenditure (% of GDP), SIPRI Military Expenditure Database via Our World in Data",
    "Stockholm International Peace Research Institute; Our World in Data",
    "https://ourworldindata.org/grapher/military-spending-as-a-share-of-gdp-sipri",
    "2025-01-01",
    "year",
    "2025",
    "SIPRI Military Expenditure Database (2025), https://www.sipri.org/databases/milex; \"Military expenditure (% of"
    " GDP)\", Our World in Data, https://ourworldindata.org/grapher/military-spending-as-a-share-of-gdp-sipri",
)
SIPRI_USD = DatasetSource(
    "sipri-milex-current-usd-2019",
    "SIPRI Military Expenditure Database (2019 edition), current US$",
    "Stockholm International Peace Research Institute",
    "https://www.sipri.org/databases/milex",
    "2019-01-01",
    "year",
    "2019 edition",
    "SIPRI Military Expenditure Database (2019 edition), https://www.sipri.org/databases/milex",
)

#: slug -> (COW ccode, English, Dutch, French, German). Names are the usual short names.
STATES: dict[str, tuple[int, str, str, str, str]] = {
    "united-states": (2, "United States", "Verenigde Staten", "États-Unis", "Vereinigte Staaten"),
    "canada": (20, "Canada", "Canada", "Canada", "Kanada"),
    "united-kingdom": (200, "United Kingdom", "Verenigd Koninkrijk", "Royaume-Uni", "Vereinigtes Königreich"),
    "ireland": (205, "Ireland", "Ierland", "Irlande", "Irland"),
    "netherlands": (210, "Netherlands", "Nederland", "Pays-Bas", "Niederlande"),
    "belgium": (211, "Belgium", "België", "Belgique", "Belgien"),
    "luxembourg": (212, "Luxembourg", "Luxemburg", "Luxembourg", "Luxemburg"),
    "france": (220, "France", "Frankrijk", "France", "Frankreich"),
    "switzerland": (225, "Switzerland", "Zwitserland", "Suisse", "Schweiz"),
    "spain": (230, "Spain", "Spanje", "Espagne", "Spanien"),
    "portugal": (235, "Portugal", "Portugal", "Portugal", "Portugal"),
    "germany": (255, "Germany", "Duitsland", "Allemagne", "Deutschland"),
    "german-federal-republic": (260, "Federal Republic of Germany", "Bondsrepubliek Duitsland",
                                "République fédérale d'Allemagne", "Bundesrepublik Deutschland"),
    "german-democratic-republic": (265, "German Democratic Republic", "Duitse Democratische Republiek",
                                   "République démocratique allemande", "Deutsche Demokratische Republik"),
    "czechoslovakia": (315, "Czechoslovakia", "Tsjecho-Slowakije", "Tchécoslovaquie", "Tschechoslowakei"),
    "liechtenstein": (223, "Liechtenstein", "Liechtenstein", "Liechtenstein", "Liechtenstein"),
    "monaco": (221, "Monaco", "Monaco", "Monaco", "Monaco"),
    "san-marino": (331, "San Marino", "San Marino", "Saint-Marin", "San Marino"),
    "poland": (290, "Poland", "Polen", "Pologne", "Polen"),
    "austria": (305, "Austria", "Oostenrijk", "Autriche", "Österreich"),
    "hungary": (310, "Hungary", "Hongarije", "Hongrie", "Ungarn"),
    "czech-republic": (316, "Czech Republic", "Tsjechië", "Tchéquie", "Tschechien"),
    "slovakia": (317, "Slovakia", "Slowakije", "Slovaquie", "Slowakei"),
    "italy": (325, "Italy", "Italië", "Italie", "Italien"),
    "malta": (338, "Malta", "Malta", "Malte", "Malta"),
    "albania": (339, "Albania", "Albanië", "Albanie", "Albanien"),
    "montenegro": (341, "Montenegro", "Montenegro", "Monténégro", "Montenegro"),
    "north-macedonia": (343, "North Macedonia", "Noord-Macedonië", "Macédoine du Nord", "Nordmazedonien"),
    "croatia": (344, "Croatia", "Kroatië", "Croatie", "Kroatien"),
    "yugoslavia": (345, "Yugoslavia", "Joegoslavië", "Yougoslavie", "Jugoslawien"),
    "bosnia-and-herzegovina": (346, "Bosnia and Herzegovina", "Bosnië en Herzegovina", "Bosnie-Herzégovine",
                               "Bosnien und Herzegowina"),
    "kosovo": (347, "Kosovo", "Kosovo", "Kosovo", "Kosovo"),
    "slovenia": (349, "Slovenia", "Slovenië", "Slovénie", "Slowenien"),
    "greece": (350, "Greece", "Griekenland", "Grèce", "Griechenland"),
    "cyprus": (352, "Cyprus", "Cyprus", "Chypre", "Zypern"),
    "bulgaria": (355, "Bulgaria", "Bulgarije", "Bulgarie", "Bulgarien"),
    "moldova": (359, "Moldova", "Moldavië", "Moldavie", "Moldau"),
    "romania": (360, "Romania", "Roemenië", "Roumanie", "Rumänien"),
    "russia": (365, "Russia", "Rusland", "Russie", "Russland"),
    "estonia": (366, "Estonia", "Estland", "Estonie", "Estland"),
    "latvia": (367, "Latvia", "Letland", "Lettonie", "Lettland"),
    "lithuania": (368, "Lithuania", "Litouwen", "Lituanie", "Litauen"),
    "ukraine": (369, "Ukraine", "Oekraïne", "Ukraine", "Ukraine"),
    "georgia": (372, "Georgia", "Georgië", "Géorgie", "Georgien"),
    "finland": (375, "Finland", "Finland", "Finlande", "Finnland"),
    "sweden": (380, "Sweden", "Zweden", "Suède", "Schweden"),
    "norway": (385, "Norway", "Noorwegen", "Norvège", "Norwegen"),
    "denmark": (390, "Denmark", "Denemarken", "Danemark", "Dänemark"),
    "iceland": (395, "Iceland", "IJsland", "Islande", "Island"),
    "mali": (432, "Mali", "Mali", "Mali", "Mali"),
    "senegal": (433, "Senegal", "Senegal", "Sénégal", "Senegal"),
    "benin": (434, "Benin", "Benin", "Bénin", "Benin"),
    "mauritania": (435, "Mauritania", "Mauritanië", "Mauritanie", "Mauretanien"),
    "niger": (436, "Niger", "Niger", "Niger", "Niger"),
    "burkina-faso": (439, "Burkina Faso", "Burkina Faso", "Burkina Faso", "Burkina Faso"),
    "chad": (483, "Chad", "Tsjaad", "Tchad", "Tschad"),
    "central-african-republic": (482, "Central African Republic", "Centraal-Afrikaanse Republiek",
                                 "République centrafricaine", "Zentralafrikanische Republik"),
    "republic-of-the-congo": (484, "Republic of the Congo", "Republiek Congo", "République du Congo",
                              "Republik Kongo"),
    "democratic-republic-of-the-congo": (490, "Democratic Republic of the Congo", "Democratische Republiek Congo",
                                         "République démocratique du Congo", "Demokratische Republik Kongo"),
    "uganda": (500, "Uganda", "Oeganda", "Ouganda", "Uganda"),
    "burundi": (516, "Burundi", "Burundi", "Burundi", "Burundi"),
    "rwanda": (517, "Rwanda", "Rwanda", "Rwanda", "Ruanda"),
    "somalia": (520, "Somalia", "Somalië", "Somalie", "Somalia"),
    "djibouti": (522, "Djibouti", "Djibouti", "Djibouti", "Dschibuti"),
    "ethiopia": (530, "Ethiopia", "Ethiopië", "Éthiopie", "Äthiopien"),
    "eritrea": (531, "Eritrea", "Eritrea", "Érythrée", "Eritrea"),
    "angola": (540, "Angola", "Angola", "Angola", "Angola"),
    "mozambique": (541, "Mozambique", "Mozambique", "Mozambique", "Mosambik"),
    "namibia": (565, "Namibia", "Namibië", "Namibie", "Namibia"),
    "ghana": (452, "Ghana", "Ghana", "Ghana", "Ghana"),
    "bangladesh": (771, "Bangladesh", "Bangladesh", "Bangladesh", "Bangladesch"),
    "south-africa": (560, "South Africa", "Zuid-Afrika", "Afrique du Sud", "Südafrika"),
    "morocco": (600, "Morocco", "Marokko", "Maroc", "Marokko"),
    "algeria": (615, "Algeria", "Algerije", "Algérie", "Algerien"),
    "tunisia": (616, "Tunisia", "Tunesië", "Tunisie", "Tunesien"),
    "libya": (620, "Libya", "Libië", "Libye", "Libyen"),
    "sudan": (625, "Sudan", "Soedan", "Soudan", "Sudan"),
    "south-sudan": (626, "South Sudan", "Zuid-Soedan", "Soudan du Sud", "Südsudan"),
    "iran": (630, "Iran", "Iran", "Iran", "Iran"),
    "turkey": (640, "Turkey", "Turkije", "Turquie", "Türkei"),
    "iraq": (645, "Iraq", "Irak", "Irak", "Irak"),
    "egypt": (651, "Egypt", "Egypte", "Égypte", "Ägypten"),
    "syria": (652, "Syria", "Syrië", "Syrie", "Syrien"),
    "lebanon": (660, "Lebanon", "Libanon", "Liban", "Libanon"),
    "jordan": (663, "Jordan", "Jordanië", "Jordanie", "Jordanien"),
    "israel": (666, "Israel", "Israël", "Israël", "Israel"),
    "saudi-arabia": (670, "Saudi Arabia", "Saoedi-Arabië", "Arabie saoudite", "Saudi-Arabien"),
    "yemen": (679, "Yemen", "Jemen", "Yémen", "Jemen"),
    "kuwait": (690, "Kuwait", "Koeweit", "Koweït", "Kuwait"),
    "bahrain": (692, "Bahrain", "Bahrein", "Bahreïn", "Bahrain"),
    "qatar": (694, "Qatar", "Qatar", "Qatar", "Katar"),
    "united-arab-emirates": (696, "United Arab Emirates", "Verenigde Arabische Emiraten", "Émirats arabes unis",
                             "Vereinigte Arabische Emirate"),
    "afghanistan": (700, "Afghanistan", "Afghanistan", "Afghanistan", "Afghanistan"),
    "china": (710, "China", "China", "Chine", "China"),
    "korea": (730, "Korea", "Korea", "Corée", "Korea"),
    "north-korea": (731, "North Korea", "Noord-Korea", "Corée du Nord", "Nordkorea"),
    "south-korea": (732, "South Korea", "Zuid-Korea", "Corée du Sud", "Südkorea"),
    "japan": (740, "Japan", "Japan", "Japon", "Japan"),
    "india": (750, "India", "India", "Inde", "Indien"),
    "pakistan": (770, "Pakistan", "Pakistan", "Pakistan", "Pakistan"),
    "cambodia": (811, "Cambodia", "Cambodja", "Cambodge", "Kambodscha"),
    "indonesia": (850, "Indonesia", "Indonesië", "Indonésie", "Indonesien"),
    "east-timor": (860, "East Timor", "Oost-Timor", "Timor oriental", "Osttimor"),
    "australia": (900, "Australia", "Australië", "Australie", "Australien"),
    "new-zealand": (920, "New Zealand", "Nieuw-Zeeland", "Nouvelle-Zélande", "Neuseeland"),
    "haiti": (41, "Haiti", "Haïti", "Haïti", "Haiti"),
    "mexico": (70, "Mexico", "Mexico", "Mexique", "Mexiko"),
    "brazil": (140, "Brazil", "Brazilië", "Brésil", "Brasilien"),
    "argentina": (160, "Argentina", "Argentinië", "Argentine", "Argentinien"),
    "chile": (155, "Chile", "Chili", "Chili", "Chile"),
    "colombia": (100, "Colombia", "Colombia", "Colombie", "Kolumbien"),
}

#: Pages of the EU Interinstitutional Style Guide (7.1.2, table of the Member States) that give the Dutch, French
#: and German short names of the 27 EU Member States; the state nodes of those states cite them for their labels.
#: The source nodes are written by hand in ``data/sources.ttl``.
LABEL_PAGES = ("isg-7-1-2-country-listing-order-nl", "isg-7-1-2-country-listing-order-fr",
               "isg-7-1-2-country-listing-order-de")
EU_MEMBER_STATES = frozenset({
    "austria", "belgium", "bulgaria", "croatia", "cyprus", "czech-republic", "denmark", "estonia", "finland", "france",
    "germany", "greece", "hungary", "ireland", "italy", "latvia", "lithuania", "luxembourg", "malta", "netherlands",
    "poland", "portugal", "romania", "slovakia", "slovenia", "spain", "sweden",
})


ATOP = DatasetSource(
    "atop-5-0",
    "Alliance Treaty Obligations and Provisions (ATOP), data v5.0 (alliance level) and v4.01 (member level)",
    "ATOP project, Rice University (Brett Ashley Leeds)",
    "http://www.atopdata.org",
    "2020-12-03",
    None,
    "5.0 (alliance level); 4.01 (member level)",
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. \"Alliance Treaty"
    " Obligations and Provisions, 1815-1944.\" International Interactions 28(3): 237-60.",
)
COW_ALLIANCES = DatasetSource(
    "cow-formal-alliances-4-1",
    "Formal Alliances (v4.1)",
    "Correlates of War Project",
    "https://correlatesofwar.org/data-sets/formal-alliances/",
    "2013-01-01",
    "year",
    "4.1",
    "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press.",
)

#: agreement slug -> (ATOP atopid, ATOP phase of the member rows, COW version4id or None). The ATOP and COW
#: identifiers of the alliances the datasets share with this graph (see ATOP codebook v5.0 and SOURCE.txt).
CROSSWALK: dict[str, tuple[int, int, int | None]] = {
    "brussels-treaty": (3130, 1, 218),
    "modified-brussels-treaty": (3130, 2, 218),
    "north-atlantic-treaty": (3180, 1, 227),
    "helsinki-final-act": (3740, 1, None),
    "treaty-on-european-union": (4175, 1, None),
    "treaty-of-lisbon": (4175, 2, None),
}
