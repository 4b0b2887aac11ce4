//! The demo country's news: a year of articles on the topics its organization writes about.

/// What a demo article is about beside its words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum About {
    Nothing,
    /// The housing campaign.
    Campaign,
    /// The housing assembly (an action of the city).
    Action,
    /// The rent freeze petition.
    Petition,
    /// The enquête's result on the top issues (question `top3`).
    Result,
}

/// A demo article: its topic slugs, how many days before today it was published, what it is
/// about, and its words per language: (language code, title, standfirst, body in formatted
/// text). Languages left out show the fallback.
pub struct Story {
    pub topics: &'static [&'static str],
    pub days_ago: i64,
    pub about: About,
    pub texts: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

/// The topics: slug and names in nl, fr, de, en.
pub const TOPICS: &[(&str, [&str; 4])] = &[
    ("housing", ["Wonen", "Logement", "Wohnen", "Housing"]),
    (
        "palestine",
        ["Palestina", "Palestine", "Palästina", "Palestine"],
    ),
    (
        "elections",
        ["Verkiezingen", "Élections", "Wahlen", "Elections"],
    ),
    (
        "healthcare",
        [
            "Gezondheidszorg",
            "Soins de santé",
            "Gesundheitswesen",
            "Healthcare",
        ],
    ),
    (
        "farmers",
        ["Boeren", "Agriculteurs", "Landwirte", "Farmers"],
    ),
    ("climate", ["Klimaat", "Climat", "Klima", "Climate"]),
    (
        "women",
        [
            "Vrouwenrechten",
            "Droits des femmes",
            "Frauenrechte",
            "Women’s rights",
        ],
    ),
    (
        "unions",
        ["Vakbonden", "Syndicats", "Gewerkschaften", "Unions"],
    ),
];

/// The first half of the year (the second is in `stories_older.rs`).
pub const STORIES: &[Story] = &[
    Story {
        topics: &["housing"],
        days_ago: 1,
        about: About::Action,
        texts: &[
            (
                "nl",
                "Zeshonderd huurders vullen de Vooruit voor de Gentse woonassemblee",
                "Huurders, bewoners van sociale woningen en vakbondsafgevaardigden stelden een lijst met eisen op voor de stad en de federale regering.",
                "Gisteren was elke stoel in de grote zaal van de Vooruit bezet. Drie uur lang vertelden huurders uit Ledeberg, de Brugse Poort en Nieuw Gent hoe de huur, vocht en wachtlijsten hun leven bepalen.\n\n## Wat de assemblee besliste\n\n- een huurbevriezing, ondertekend door elk aanwezig gezin\n- een openbaar register van leegstaande gebouwen in Gent\n- 50.000 nieuwe sociale woningen, waarvan 4.000 in Gent\n\n“We kwamen binnen als individuen en we gaan buiten als een beweging”, zei een gepensioneerde verpleegster uit Ledeberg. De eisen gaan volgende maand naar de gemeenteraad.",
            ),
            (
                "fr",
                "Six cents locataires remplissent le Vooruit pour l’assemblée du logement de Gand",
                "Locataires, habitants de logements sociaux et délégués syndicaux ont dressé une liste de revendications pour la ville et le gouvernement fédéral.",
                "Hier, chaque siège de la grande salle du Vooruit était occupé. Pendant trois heures, des locataires de Ledeberg, de la Brugse Poort et de Nieuw Gent ont raconté comment le loyer, l’humidité et les listes d’attente pèsent sur leur vie.\n\n## Ce que l’assemblée a décidé\n\n- un gel des loyers, signé par chaque ménage présent\n- un registre public des bâtiments vides à Gand\n- 50 000 nouveaux logements sociaux, dont 4 000 à Gand\n\n« Nous sommes arrivés en individus et nous repartons en mouvement », a déclaré une infirmière retraitée de Ledeberg. Les revendications seront présentées au conseil communal le mois prochain.",
            ),
            (
                "de",
                "Sechshundert Mieter füllen das Vooruit bei der Genter Wohnversammlung",
                "Mieter, Bewohner von Sozialwohnungen und Gewerkschaftsdelegierte haben eine Liste von Forderungen an die Stadt und die Föderalregierung aufgestellt.",
                "Gestern war jeder Platz im großen Saal des Vooruit besetzt. Drei Stunden lang erzählten Mieterinnen und Mieter aus Ledeberg, der Brugse Poort und Nieuw Gent, wie Miete, Feuchtigkeit und Wartelisten ihr Leben bestimmen.\n\n## Was die Versammlung beschlossen hat\n\n- ein Einfrieren der Mieten, unterzeichnet von jedem anwesenden Haushalt\n- ein öffentliches Register leerstehender Gebäude in Gent\n- 50.000 neue Sozialwohnungen, davon 4.000 in Gent\n\n„Wir sind als Einzelne gekommen und gehen als Bewegung“, sagte eine pensionierte Krankenpflegerin aus Ledeberg. Die Forderungen gehen nächsten Monat an den Stadtrat.",
            ),
            (
                "en",
                "Six hundred tenants fill Vooruit for Ghent’s housing assembly",
                "Tenants, social housing residents and union delegates drew up a list of demands for the city and the federal government.",
                "Yesterday every seat in the main hall of Vooruit was taken. For three hours, tenants from Ledeberg, the Brugse Poort and Nieuw Gent told how rent, damp and waiting lists shape their lives.\n\n## What the assembly decided\n\n- a rent freeze, signed by every household present\n- a public register of empty buildings in Ghent\n- 50,000 new social homes, 4,000 of them in Ghent\n\n“We came in as individuals and we leave as a movement,” said a retired nurse from Ledeberg. The demands go to the city council next month.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 5,
        about: About::Campaign,
        texts: &[
            (
                "nl",
                "Wonen voor iedereen: afdelingen trekken met de campagne naar elke voordeur",
                "Van Oostende tot Aarlen bellen leden aan met de petitie voor een huurbevriezing en één vraag: wat zou een eerlijke huur voor jou veranderen?",
                "Deze week trekken meer dan 300 afdelingen hun wijk in en staan ze aan de fabriekspoorten. Het doel: van **Wonen voor iedereen** een thema maken in elke straat, niet alleen in het parlement.\n\nDe methode is die van de enquête: eerst luisteren, dan laten tekenen. Leden hebben de petitie bij, een folder met de cijfers over de huurprijzen en een lijst om lokale woonproblemen te melden.\n\nWil je meedoen met je afdeling? [Zoek de dichtstbijzijnde](https://example.org/sections).",
            ),
            (
                "fr",
                "Un logement pour tous : les sections portent la campagne à chaque porte",
                "D’Ostende à Arlon, les membres frappent aux portes avec la pétition pour le gel des loyers et une question : qu’est-ce qu’un loyer juste changerait pour vous ?",
                "Cette semaine, plus de 300 sections sont dans leurs quartiers et aux portes des usines. L’objectif : faire d’**Un logement pour tous** un sujet dans chaque rue, pas seulement au parlement.\n\nLa méthode est celle de l’enquête : d’abord écouter, ensuite faire signer. Les membres ont avec eux la pétition, un tract avec les chiffres des loyers et une liste pour signaler les problèmes de logement du quartier.\n\nVous voulez rejoindre votre section ? [Trouvez la plus proche](https://example.org/sections).",
            ),
            (
                "de",
                "Wohnen für alle: Die Sektionen bringen die Kampagne an jede Haustür",
                "Von Ostende bis Arel klingeln Mitglieder mit der Petition für das Einfrieren der Mieten und einer Frage: Was würde eine gerechte Miete für Sie ändern?",
                "Diese Woche sind mehr als 300 Sektionen in ihren Vierteln und vor den Fabriktoren unterwegs. Das Ziel: **Wohnen für alle** zum Thema in jeder Straße zu machen, nicht nur im Parlament.\n\nDie Methode ist die der Enquête: erst zuhören, dann unterschreiben lassen. Die Mitglieder haben die Petition dabei, ein Flugblatt mit den Zahlen zu den Mieten und eine Liste, um Wohnprobleme im Viertel zu melden.\n\nSie möchten bei Ihrer Sektion mitmachen? [Finden Sie die nächstgelegene](https://example.org/sections).",
            ),
            (
                "en",
                "Housing for all: sections take the campaign to every doorstep",
                "From Ostend to Arlon, members knock on doors with the rent freeze petition and one question: what would a fair rent change for you?",
                "This week more than 300 sections are out in their neighbourhoods and at factory gates. The goal: to make **Housing for all** a topic in every street, not only in parliament.\n\nThe method is the one of the enquête: listen first, then ask for a signature. Members carry the petition, a leaflet with the figures on rents and a list for reporting local housing problems.\n\nWant to join your section? [Find the nearest one](https://example.org/sections).",
            ),
        ],
    },
    Story {
        topics: &["housing", "unions"],
        days_ago: 9,
        about: About::Petition,
        texts: &[
            (
                "nl",
                "Vakbondsafgevaardigden zetten hun naam onder ‘Bevries de huren’",
                "Delegees uit de havens, de spoorwegen en de zorg zeggen dat de huur de loonsverhogingen opslorpt waarvoor ze gevochten hebben.",
                "Meer dan tweehonderd vakbondsafgevaardigden hebben de petitie **Bevries de huren** aan de federale regering ondertekend. Tegelijk verzamelden ze handtekeningen in refters en pauzeruimtes.\n\n“Elke opslag die we aan de onderhandelingstafel halen, pakt de huisbaas de maand erna terug”, zegt een delegee in een logistiek magazijn bij Luik. “Een loon is maar zoveel waard als wat er na de huur overblijft.”\n\nDe petitie vraagt de regering de huren twee jaar te bevriezen en een programma van 50.000 sociale woningen te starten. [Teken hier](https://example.org/petition/freeze-the-rents).",
            ),
            (
                "fr",
                "Des délégués syndicaux signent « Gelez les loyers »",
                "Des délégués des ports, des chemins de fer et du secteur des soins constatent que le loyer engloutit les augmentations salariales qu’ils ont arrachées.",
                "Plus de deux cents délégués syndicaux ont signé la pétition **Gelez les loyers**, adressée au gouvernement fédéral. En même temps, ils ont récolté des signatures dans les réfectoires et les salles de pause.\n\n« Chaque augmentation que nous gagnons à la table de négociation, le propriétaire la reprend le mois suivant », explique un délégué d’un entrepôt logistique près de Liège. « Un salaire ne vaut que ce qu’il reste après le loyer. »\n\nLa pétition demande au gouvernement de geler les loyers pendant deux ans et de lancer un programme de 50 000 logements sociaux. [Signez ici](https://example.org/petition/freeze-the-rents).",
            ),
            (
                "de",
                "Gewerkschaftsdelegierte unterschreiben „Friert die Mieten ein“",
                "Delegierte aus den Häfen, von der Bahn und aus der Pflege sagen: Die Miete frisst die Lohnerhöhungen auf, für die sie gekämpft haben.",
                "Mehr als zweihundert Gewerkschaftsdelegierte haben die Petition **Friert die Mieten ein** an die Föderalregierung unterschrieben. Gleichzeitig sammelten sie Unterschriften in Kantinen und Pausenräumen.\n\n„Jede Lohnerhöhung, die wir am Verhandlungstisch durchsetzen, holt sich der Vermieter im Monat darauf zurück“, sagt ein Delegierter in einem Logistiklager bei Lüttich. „Ein Lohn ist nur so viel wert wie das, was nach der Miete übrig bleibt.“\n\nDie Petition fordert die Regierung auf, die Mieten für zwei Jahre einzufrieren und ein Programm für 50.000 Sozialwohnungen zu starten. [Hier unterschreiben](https://example.org/petition/freeze-the-rents).",
            ),
            (
                "en",
                "Union delegates put their names under ‘Freeze the rents’",
                "Shop stewards from the ports, the railways and the care sector say rent swallows the pay rises they fought for.",
                "More than two hundred union delegates have signed the petition **Freeze the rents**, addressed to the federal government. At the same time, they collected signatures in canteens and break rooms.\n\n“Every raise we win at the bargaining table, the landlord takes back the month after,” says a delegate at a logistics warehouse near Liège. “A wage is only worth what’s left after the rent.”\n\nThe petition asks the government to freeze rents for two years and to start a programme of 50,000 social homes. [Sign here](https://example.org/petition/freeze-the-rents).",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 16,
        about: About::Action,
        texts: &[
            (
                "nl",
                "Gentse huurders roepen woonassemblee bijeen in de Vooruit",
                "Over twee weken komen huurders, bewoners van sociale woningen en wijkafdelingen samen om klachten om te zetten in gemeenschappelijke eisen.",
                "De Gentse afdelingen van de partij nodigen elke huurder in de stad uit op een **woonassemblee** in de Vooruit. Het idee kwam van aan de voordeur: tijdens de enquête noemden honderden Gentenaars wonen hun eerste zorg.\n\n## Programma\n\n- getuigenissen van huurders uit Ledeberg, Rabot en Nieuw Gent\n- workshops over vocht, uithuiszettingen en wachtlijsten\n- een stemming over de eisen voor de gemeenteraad\n\nDe toegang is gratis en er is kinderopvang. [Schrijf je hier in](https://example.org/actions/housing-assembly-ghent).",
            ),
            (
                "fr",
                "Les locataires gantois convoquent une assemblée du logement au Vooruit",
                "Dans deux semaines, locataires, habitants de logements sociaux et sections de quartier se réunissent pour transformer les plaintes en revendications communes.",
                "Les sections gantoises du parti invitent chaque locataire de la ville à une **assemblée du logement** au Vooruit. L’idée est venue du porte-à-porte : pendant l’enquête, des centaines de Gantois ont cité le logement comme leur première préoccupation.\n\n## Programme\n\n- témoignages de locataires de Ledeberg, Rabot et Nieuw Gent\n- ateliers sur l’humidité, les expulsions et les listes d’attente\n- un vote sur les revendications pour le conseil communal\n\nL’entrée est gratuite et une garderie est prévue. [Inscrivez-vous ici](https://example.org/actions/housing-assembly-ghent).",
            ),
            (
                "de",
                "Genter Mieter rufen zu einer Wohnversammlung im Vooruit auf",
                "In zwei Wochen treffen sich Mieter, Bewohner von Sozialwohnungen und Viertelsektionen, um aus Beschwerden gemeinsame Forderungen zu machen.",
                "Die Genter Sektionen der Partei laden alle Mieterinnen und Mieter der Stadt zu einer **Wohnversammlung** im Vooruit ein. Die Idee kam von der Haustür: Bei der Enquête nannten Hunderte Genter das Wohnen als ihre größte Sorge.\n\n## Programm\n\n- Berichte von Mietern aus Ledeberg, Rabot und Nieuw Gent\n- Workshops zu Feuchtigkeit, Zwangsräumungen und Wartelisten\n- eine Abstimmung über die Forderungen an den Stadtrat\n\nDer Eintritt ist frei, für Kinderbetreuung ist gesorgt. [Hier anmelden](https://example.org/actions/housing-assembly-ghent).",
            ),
            (
                "en",
                "Ghent tenants call a housing assembly at Vooruit",
                "In two weeks, tenants, social housing residents and neighbourhood sections meet to turn complaints into common demands.",
                "The Ghent sections of the party invite every tenant in the city to a **housing assembly** at Vooruit. The idea came from the doorstep: during the enquête, hundreds of Ghent residents named housing as their first worry.\n\n## Programme\n\n- testimonies from tenants in Ledeberg, Rabot and Nieuw Gent\n- workshops on damp, evictions and waiting lists\n- a vote on the demands for the city council\n\nEntry is free and childcare is provided. [Register here](https://example.org/actions/housing-assembly-ghent).",
            ),
        ],
    },
    Story {
        topics: &["palestine", "unions"],
        days_ago: 23,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Antwerpse havenarbeiders weigeren wapens voor Israël te laden",
                "Na een stemming in de haven zeggen vakbondsleden dat ze geen lading behandelen die tegen burgers in Gaza gebruikt kan worden.",
                "Een vergadering van havenarbeiders in de Antwerpse haven stemde bijna unaniem: geen militair materieel laden dat bestemd is voor het Israëlische leger. De vakbonden brachten het havenbedrijf schriftelijk op de hoogte.\n\n“Wij verschepen de goederen van de hele wereld, maar niet de bommen die op ziekenhuizen vallen”, zegt een kraanman met twintig jaar op de kaaien.\n\nDe dokwerkers sluiten aan bij een Europese beweging van havenarbeiders in Genua, Barcelona en Piraeus. Ze vragen de regering een **volledig militair embargo** op te leggen, zodat de last niet alleen op de werknemers rust.",
            ),
            (
                "fr",
                "Les dockers d’Anvers refusent de charger des armes destinées à Israël",
                "Après un vote au port, les syndiqués affirment qu’ils ne manipuleront aucune cargaison pouvant servir contre des civils à Gaza.",
                "Une assemblée de dockers du port d’Anvers a voté presque à l’unanimité : pas de chargement de matériel militaire destiné à l’armée israélienne. Les syndicats en ont informé l’autorité portuaire par écrit.\n\n« Nous transportons les marchandises du monde entier, mais pas les bombes qui tombent sur les hôpitaux », dit un grutier qui a vingt ans de quais derrière lui.\n\nLes dockers rejoignent un mouvement européen de travailleurs portuaires à Gênes, Barcelone et au Pirée. Ils demandent au gouvernement d’imposer un **embargo militaire complet**, pour que le poids ne repose pas sur les seuls travailleurs.",
            ),
            (
                "de",
                "Antwerpener Hafenarbeiter weigern sich, Waffen für Israel zu verladen",
                "Nach einer Abstimmung im Hafen erklären Gewerkschaftsmitglieder, keine Fracht abzufertigen, die gegen Zivilisten in Gaza eingesetzt werden könnte.",
                "Eine Versammlung der Hafenarbeiter im Antwerpener Hafen stimmte fast einstimmig: keine Verladung von Militärgütern für die israelische Armee. Die Gewerkschaften haben die Hafenbehörde schriftlich informiert.\n\n„Wir bewegen die Waren der ganzen Welt, aber nicht die Bomben, die auf Krankenhäuser fallen“, sagt ein Kranführer mit zwanzig Jahren an den Kais.\n\nDie Hafenarbeiter schließen sich einer europäischen Bewegung von Hafenarbeitern in Genua, Barcelona und Piräus an. Sie fordern die Regierung auf, ein **vollständiges Militärembargo** zu verhängen, damit die Last nicht allein auf den Arbeitern liegt.",
            ),
            (
                "en",
                "Antwerp dockers refuse to load weapons bound for Israel",
                "After a vote at the port, union members say they will not handle any cargo that could be used against civilians in Gaza.",
                "A meeting of dockworkers in the port of Antwerp voted almost unanimously: no loading of military equipment destined for the Israeli army. The unions informed the port authority in writing.\n\n“We move the goods of the whole world, but not the bombs that fall on hospitals,” says a crane operator with twenty years on the quays.\n\nThe dockers join a European movement of port workers in Genoa, Barcelona and Piraeus. They call on the government to impose a **complete military embargo**, so that the burden does not rest on the workers alone.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 30,
        about: About::Campaign,
        texts: &[
            (
                "nl",
                "50.000 sociale woningen: waar het geld vandaan komt",
                "Bouwen op de schaal die België nodig heeft, kost miljarden. Het antwoord van de campagne: laat wie verdient aan de woningnood betalen.",
                "Vandaag is maar ongeveer 6% van de Belgische woningen een sociale woning, en de wachtlijsten worden alsmaar langer. De campagne **Wonen voor iedereen** stelt voor om op vijf jaar 50.000 sociale woningen te bouwen.\n\n## Hoe we dat betalen\n\n- een belasting op de grootste fortuinen, vastgoedportefeuilles inbegrepen\n- een publieke investeringsbank die aan lage rente leent\n- een heffing op woningen die voor speculatie leeg blijven staan\n\nPubliek bouwen is op lange termijn goedkoper: elke sociale woning verlaagt de druk op de private huurprijzen eromheen.",
            ),
            (
                "fr",
                "50 000 logements sociaux : d’où vient l’argent",
                "Construire à l’échelle dont la Belgique a besoin coûte des milliards. La réponse de la campagne : faire payer ceux qui profitent de la pénurie de logements.",
                "Aujourd’hui, seuls 6 % environ des logements belges sont des logements sociaux, et les listes d’attente ne cessent de s’allonger. La campagne **Un logement pour tous** propose de construire 50 000 logements sociaux en cinq ans.\n\n## Comment les financer\n\n- une taxe sur les plus grandes fortunes, portefeuilles immobiliers compris\n- une banque publique d’investissement qui prête à taux bas\n- une taxe sur les logements laissés vides par spéculation\n\nLa construction publique coûte moins cher à long terme : chaque logement social réduit la pression sur les loyers privés alentour.",
            ),
            (
                "de",
                "50.000 Sozialwohnungen: Woher das Geld kommt",
                "In dem Umfang zu bauen, den Belgien braucht, kostet Milliarden. Die Antwort der Kampagne: Wer an der Wohnungsnot verdient, soll zahlen.",
                "Heute sind nur etwa 6 % der belgischen Wohnungen Sozialwohnungen, und die Wartelisten werden immer länger. Die Kampagne **Wohnen für alle** schlägt vor, in fünf Jahren 50.000 Sozialwohnungen zu bauen.\n\n## Wie wir sie bezahlen\n\n- eine Steuer auf die größten Vermögen, Immobilienportfolios eingeschlossen\n- eine öffentliche Investitionsbank, die zu niedrigen Zinsen Kredite vergibt\n- eine Abgabe auf Wohnungen, die aus Spekulation leer stehen\n\nÖffentlicher Wohnungsbau ist auf lange Sicht günstiger: Jede Sozialwohnung senkt den Druck auf die privaten Mieten in ihrer Umgebung.",
            ),
            (
                "en",
                "50,000 social homes: where the money comes from",
                "Building on the scale Belgium needs costs billions. The campaign’s answer: make those who profit from the housing shortage pay.",
                "Today only about 6% of Belgian homes are social housing, and the waiting lists keep growing. The campaign **Housing for all** proposes to build 50,000 social homes in five years.\n\n## How we pay for them\n\n- a tax on the largest fortunes, real estate portfolios included\n- a public investment bank that lends at low interest\n- a levy on homes kept empty for speculation\n\nPublic building is cheaper in the long run: every social home lowers the pressure on the private rents around it.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 37,
        about: About::Petition,
        texts: &[
            (
                "nl",
                "‘Bevries de huren’ haalt 25.000 handtekeningen in vier weken",
                "De petitie aan de federale regering is halfweg. De meeste handtekeningen werden aan de voordeur en op markten verzameld, niet online.",
                "Vier weken na de lancering telt de petitie **Bevries de huren** meer dan 25.000 handtekeningen. Het doel is 50.000 voor ze aan de federale regering wordt overhandigd.\n\nDe afdelingen van Charleroi, Antwerpen-Noord en Schaarbeek voeren de telling aan. “Mensen moeten niet overtuigd worden. Ze doen de deur open, horen het woord huur en vragen waar ze moeten tekenen”, zegt een vrijwilliger in Schaarbeek.\n\n[Teken de petitie](https://example.org/petition/freeze-the-rents) en vraag drie buren hetzelfde te doen.",
            ),
            (
                "fr",
                "« Gelez les loyers » dépasse les 25 000 signatures en quatre semaines",
                "La pétition adressée au gouvernement fédéral est à mi-chemin de son objectif. La plupart des signatures ont été récoltées aux portes et sur les marchés, pas en ligne.",
                "Quatre semaines après son lancement, la pétition **Gelez les loyers** compte plus de 25 000 signatures. L’objectif est d’en réunir 50 000 avant de la remettre au gouvernement fédéral.\n\nLes sections de Charleroi, d’Anvers-Nord et de Schaerbeek sont en tête. « Les gens n’ont pas besoin d’être convaincus. Ils ouvrent la porte, entendent le mot loyer et demandent où signer », raconte un bénévole à Schaerbeek.\n\n[Signez la pétition](https://example.org/petition/freeze-the-rents) et demandez à trois voisins d’en faire autant.",
            ),
            (
                "de",
                "„Friert die Mieten ein“ erreicht 25.000 Unterschriften in vier Wochen",
                "Die Petition an die Föderalregierung hat die Hälfte ihres Ziels erreicht. Die meisten Unterschriften wurden an Haustüren und auf Märkten gesammelt, nicht online.",
                "Vier Wochen nach dem Start zählt die Petition **Friert die Mieten ein** mehr als 25.000 Unterschriften. Ziel sind 50.000, bevor sie der Föderalregierung übergeben wird.\n\nDie Sektionen von Charleroi, Antwerpen-Nord und Schaerbeek liegen vorn. „Die Leute muss man nicht überzeugen. Sie öffnen die Tür, hören das Wort Miete und fragen, wo sie unterschreiben können“, sagt ein Freiwilliger in Schaerbeek.\n\n[Unterschreiben Sie die Petition](https://example.org/petition/freeze-the-rents) und bitten Sie drei Nachbarn, dasselbe zu tun.",
            ),
            (
                "en",
                "‘Freeze the rents’ passes 25,000 signatures in four weeks",
                "The petition to the federal government is halfway to its goal. Most signatures were collected on doorsteps and at markets, not online.",
                "Four weeks after its launch, the petition **Freeze the rents** counts more than 25,000 signatures. The goal is 50,000 before it is handed to the federal government.\n\nThe sections of Charleroi, Antwerp-North and Schaerbeek lead the count. “People don’t need convincing. They open the door, hear the word rent and ask where to sign,” says a volunteer in Schaerbeek.\n\n[Sign the petition](https://example.org/petition/freeze-the-rents) and ask three neighbours to do the same.",
            ),
        ],
    },
    Story {
        topics: &["healthcare"],
        days_ago: 44,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "“Twaalf patiënten voor één verpleegkundige ’s nachts”: ziekenhuispersoneel slaat alarm",
                "Verpleegkundigen in Brussel en Wallonië beschrijven nachtdiensten zonder tijd om een patiënt te wassen of een bel te beantwoorden.",
                "’s Nachts zorgt één verpleegkundige op een gewone afdeling vaak voor twaalf patiënten of meer. Internationaal onderzoek toont dat het risico op vermijdbare sterfte boven de acht sterk stijgt.\n\n“Ik ga naar huis en denk aan de bel die ik niet kon beantwoorden”, zegt een verpleegkundige met vijftien jaar ervaring in een ziekenhuis in Charleroi. Veel collega’s verlaten het beroep binnen de vijf jaar.\n\nDe vakbonden in de zorg eisen een **wettelijk maximum van acht patiënten per verpleegkundige**, betaald uit het federale gezondheidsbudget, en een einde aan de besparingen op de ziekenhuizen.",
            ),
            (
                "fr",
                "« Douze patients pour une infirmière la nuit » : le personnel hospitalier tire la sonnette d’alarme",
                "Des infirmières et infirmiers de Bruxelles et de Wallonie décrivent des nuits sans le temps de laver un patient ou de répondre à une sonnette.",
                "La nuit, une seule infirmière s’occupe souvent de douze patients ou plus dans un service général. La recherche internationale montre qu’au-delà de huit, le risque de décès évitables augmente fortement.\n\n« Je rentre chez moi et je pense à la sonnette à laquelle je n’ai pas pu répondre », confie une infirmière qui travaille depuis quinze ans dans un hôpital de Charleroi. Beaucoup de collègues quittent la profession en moins de cinq ans.\n\nLes syndicats du secteur des soins exigent un **maximum légal de huit patients par infirmière**, financé par le budget fédéral de la santé, et la fin des économies imposées aux hôpitaux.",
            ),
            (
                "de",
                "„Zwölf Patienten für eine Pflegekraft in der Nacht“: Krankenhauspersonal schlägt Alarm",
                "Pflegekräfte in Brüssel und der Wallonie beschreiben Nachtschichten, in denen keine Zeit bleibt, einen Patienten zu waschen oder auf eine Klingel zu reagieren.",
                "Nachts betreut eine einzige Pflegekraft auf einer Allgemeinstation oft zwölf Patienten oder mehr. Internationale Studien zeigen, dass das Risiko vermeidbarer Todesfälle oberhalb von acht stark steigt.\n\n„Ich gehe nach Hause und denke an die Klingel, auf die ich nicht reagieren konnte“, sagt eine Krankenpflegerin mit fünfzehn Jahren Erfahrung in einem Krankenhaus in Charleroi. Viele Kolleginnen und Kollegen verlassen den Beruf innerhalb von fünf Jahren.\n\nDie Gewerkschaften im Pflegesektor fordern eine **gesetzliche Obergrenze von acht Patienten pro Pflegekraft**, finanziert aus dem föderalen Gesundheitshaushalt, und ein Ende der Sparmaßnahmen in den Krankenhäusern.",
            ),
            (
                "en",
                "“Twelve patients for one nurse at night”: hospital staff sound the alarm",
                "Nurses in Brussels and Wallonia describe night shifts with no time to wash a patient or answer a bell.",
                "At night, a single nurse on a general ward often looks after twelve patients or more. International research shows that above eight, the risk of avoidable deaths rises sharply.\n\n“I go home and think about the bell I couldn’t answer,” says a nurse with fifteen years’ experience in a Charleroi hospital. Many colleagues leave the profession within five years.\n\nThe care unions demand a **legal maximum of eight patients per nurse**, paid for from the federal health budget, and an end to the cuts imposed on hospitals.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 51,
        about: About::Campaign,
        texts: &[
            (
                "nl",
                "“De helft van mijn loon gaat naar de huisbaas”: huurders vertellen",
                "Voor de campagne Wonen voor iedereen beschrijven drie huurders hoe een maand eruitziet als de huur altijd voorgaat.",
                "**Samira, poetsvrouw in Anderlecht**, betaalt 850 euro voor een appartement met één slaapkamer, waar de schimmel op de muren staat. “Ik vraag al twee jaar om herstellingen. Het enige wat verandert, is de huur.”\n\n**Jef, magazijnier in Genk**, trok op zijn 31e terug in bij zijn ouders. “Ik verdien een degelijk loon en toch vind ik niets onder de 900 euro.”\n\n**Nadia en Luc, gepensioneerden in Namen**, kiezen elke winter tussen de verwarming en de apotheek.\n\nDoor verhalen als deze eist de campagne een huurbevriezing en 50.000 sociale woningen.",
            ),
            (
                "fr",
                "« La moitié de mon salaire va au propriétaire » : des locataires témoignent",
                "Pour la campagne Un logement pour tous, trois locataires racontent à quoi ressemble un mois quand le loyer passe toujours en premier.",
                "**Samira, nettoyeuse à Anderlecht**, paie 850 euros pour un appartement d’une chambre aux murs couverts de moisissure. « Je demande des réparations depuis deux ans. La seule chose qui change, c’est le loyer. »\n\n**Jef, magasinier à Genk**, est retourné vivre chez ses parents à 31 ans. « Je gagne un salaire correct et je ne trouve toujours rien en dessous de 900 euros. »\n\n**Nadia et Luc, pensionnés à Namur**, choisissent chaque hiver entre le chauffage et la pharmacie.\n\nC’est à cause d’histoires comme celles-ci que la campagne exige un gel des loyers et 50 000 logements sociaux.",
            ),
            (
                "de",
                "„Die Hälfte meines Lohns geht an den Vermieter“: Mieter erzählen",
                "Für die Kampagne Wohnen für alle beschreiben drei Mieter, wie ein Monat aussieht, wenn die Miete immer an erster Stelle steht.",
                "**Samira, Reinigungskraft in Anderlecht**, zahlt 850 Euro für eine Wohnung mit einem Schlafzimmer, an deren Wänden der Schimmel wächst. „Seit zwei Jahren bitte ich um Reparaturen. Das Einzige, was sich ändert, ist die Miete.“\n\n**Jef, Lagerarbeiter in Genk**, ist mit 31 wieder zu seinen Eltern gezogen. „Ich verdiene einen ordentlichen Lohn und finde trotzdem nichts unter 900 Euro.“\n\n**Nadia und Luc, Rentner in Namur**, entscheiden jeden Winter zwischen Heizung und Apotheke.\n\nWegen Geschichten wie diesen fordert die Kampagne das Einfrieren der Mieten und 50.000 Sozialwohnungen.",
            ),
            (
                "en",
                "“Half my wage goes to the landlord”: tenants tell their stories",
                "For the Housing for all campaign, three tenants describe what a month looks like when the rent always comes first.",
                "**Samira, a cleaner in Anderlecht**, pays €850 for a one-bedroom flat with mould on the walls. “I’ve been asking for repairs for two years. The only thing that changes is the rent.”\n\n**Jef, a warehouse worker in Genk**, moved back in with his parents at 31. “I earn a decent wage and I still can’t find anything under €900.”\n\n**Nadia and Luc, pensioners in Namur**, choose every winter between heating and the pharmacy.\n\nStories like these are why the campaign demands a rent freeze and 50,000 social homes.",
            ),
        ],
    },
    Story {
        topics: &["women"],
        days_ago: 58,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Gelijk loon: vrouwen in België werken nog altijd wekenlang gratis",
                "De loonkloof wordt op papier kleiner, maar deeltijds werk en ondergewaardeerde jobs houden de inkomens en pensioenen van vrouwen lager.",
                "Per uur gemeten bedraagt de kloof tussen de lonen van vrouwen en mannen in België ongeveer 5%. Per jaar gemeten is ze eerder 20%, omdat vrouwen veel vaker deeltijds werken, meestal niet uit vrije keuze.\n\nDe slechtst betaalde jobs — schoonmaak, zorg, handel — worden vooral door vrouwen gedaan. Die kloof volgt hen tot in hun pensioen: de pensioenen van vrouwen liggen gemiddeld een kwart lager.\n\nHet vrouwenplatform van de partij eist een **hoger minimumloon**, het recht op een voltijds contract en een herwaardering van zorgwerk.",
            ),
            (
                "fr",
                "Égalité salariale : en Belgique, les femmes travaillent encore des semaines gratuitement",
                "L’écart salarial se réduit sur le papier, mais le temps partiel et les métiers sous-valorisés maintiennent les revenus et les pensions des femmes plus bas.",
                "Mesuré à l’heure, l’écart entre les salaires des femmes et des hommes en Belgique est d’environ 5 %. Mesuré à l’année, il avoisine 20 %, parce que les femmes travaillent bien plus souvent à temps partiel, la plupart du temps sans l’avoir choisi.\n\nLes métiers les moins bien payés — nettoyage, soins, commerce — sont surtout exercés par des femmes. Cet écart les suit jusqu’à la pension : les pensions des femmes sont en moyenne inférieures d’un quart.\n\nLa plateforme des femmes du parti réclame un **salaire minimum plus élevé**, le droit à un contrat à temps plein et une revalorisation du travail de soin.",
            ),
            (
                "de",
                "Gleicher Lohn: Frauen in Belgien arbeiten immer noch wochenlang umsonst",
                "Die Lohnlücke schrumpft auf dem Papier, doch Teilzeitarbeit und unterbewertete Berufe halten die Einkommen und Renten von Frauen niedriger.",
                "Pro Stunde gemessen beträgt der Unterschied zwischen den Löhnen von Frauen und Männern in Belgien etwa 5 %. Pro Jahr gemessen liegt er eher bei 20 %, weil Frauen viel häufiger in Teilzeit arbeiten, meist nicht freiwillig.\n\nDie am schlechtesten bezahlten Berufe — Reinigung, Pflege, Einzelhandel — werden vor allem von Frauen ausgeübt. Diese Lücke begleitet sie bis in den Ruhestand: Die Renten von Frauen sind im Durchschnitt um ein Viertel niedriger.\n\nDie Frauenplattform der Partei fordert einen **höheren Mindestlohn**, das Recht auf einen Vollzeitvertrag und eine Aufwertung der Sorgearbeit.",
            ),
            (
                "en",
                "Equal pay: women in Belgium still work weeks for free",
                "The pay gap is shrinking on paper, but part-time work and undervalued jobs keep women’s incomes and pensions lower.",
                "Measured per hour, the gap between women’s and men’s wages in Belgium is about 5%. Measured per year, it is closer to 20%, because women work part time far more often, mostly not by choice.\n\nThe worst-paid jobs — cleaning, care, retail — are mostly done by women. The gap follows them into retirement: women’s pensions are on average a quarter lower.\n\nThe party’s women’s platform demands a **higher minimum wage**, the right to a full-time contract and a revaluation of care work.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 65,
        about: About::Petition,
        texts: &[
            (
                "nl",
                "Petitie gelanceerd: ‘Bevries de huren’",
                "De partij vraagt de federale regering om de huurprijzen twee jaar lang niet te laten stijgen, terwijl het land de sociale woningen bouwt die het mist.",
                "De huurprijzen in België zijn het voorbije decennium veel sneller gestegen dan de lonen. Vandaag lanceert de partij de petitie **Bevries de huren**, gericht aan de federale regering.\n\n## De petitie vraagt\n\n- een bevriezing van alle woninghuurprijzen gedurende twee jaar\n- bindende richthuurprijzen na de bevriezing\n- een federaal plan voor 50.000 sociale woningen\n\nHet doel is 50.000 handtekeningen. De afdelingen verzamelen ze aan de deur, op markten en op de werkvloer. [Teken online](https://example.org/petition/freeze-the-rents).",
            ),
            (
                "fr",
                "Lancement de la pétition « Gelez les loyers »",
                "Le parti demande au gouvernement fédéral de bloquer les loyers pendant deux ans, le temps que le pays construise les logements sociaux qui lui manquent.",
                "Les loyers en Belgique ont augmenté bien plus vite que les salaires au cours de la dernière décennie. Aujourd’hui, le parti lance la pétition **Gelez les loyers**, adressée au gouvernement fédéral.\n\n## La pétition demande\n\n- un gel de tous les loyers d’habitation pendant deux ans\n- des loyers de référence contraignants après le gel\n- un plan fédéral de 50 000 logements sociaux\n\nL’objectif est de 50 000 signatures. Les sections les récolteront en porte-à-porte, sur les marchés et sur les lieux de travail. [Signez en ligne](https://example.org/petition/freeze-the-rents).",
            ),
            (
                "de",
                "Petition gestartet: „Friert die Mieten ein“",
                "Die Partei fordert die Föderalregierung auf, die Mieten für zwei Jahre einzufrieren, während das Land die fehlenden Sozialwohnungen baut.",
                "Die Mieten in Belgien sind im vergangenen Jahrzehnt viel schneller gestiegen als die Löhne. Heute startet die Partei die Petition **Friert die Mieten ein** an die Föderalregierung.\n\n## Die Petition fordert\n\n- ein Einfrieren aller Wohnungsmieten für zwei Jahre\n- verbindliche Richtmieten nach dem Einfrieren\n- einen föderalen Plan für 50.000 Sozialwohnungen\n\nZiel sind 50.000 Unterschriften. Die Sektionen sammeln sie an der Haustür, auf Märkten und an den Arbeitsplätzen. [Online unterschreiben](https://example.org/petition/freeze-the-rents).",
            ),
            (
                "en",
                "Petition launched: ‘Freeze the rents’",
                "The party asks the federal government to freeze rents for two years while the country builds the social homes it lacks.",
                "Rents in Belgium have risen much faster than wages over the past decade. Today the party launches the petition **Freeze the rents**, addressed to the federal government.\n\n## The petition asks for\n\n- a freeze of all residential rents for two years\n- binding reference rents after the freeze\n- a federal plan for 50,000 social homes\n\nThe goal is 50,000 signatures. Sections will collect them on doorsteps, at markets and in workplaces. [Sign online](https://example.org/petition/freeze-the-rents).",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 72,
        about: About::Campaign,
        texts: &[
            (
                "nl",
                "Wonen voor iedereen: de partij lanceert haar nationale campagne",
                "Nu de enquête wonen bovenaan de zorgen van de mensen zette, werken alle afdelingen de komende maanden rond huurprijzen en sociale woningen.",
                "Op een nationale vergadering van afdelingsverantwoordelijken besliste de partij over haar campagne voor de komende maanden: **Wonen voor iedereen**.\n\n“We hebben dit thema niet op een kantoor gekozen. Tienduizenden mensen hebben het aan hun voordeur gekozen”, zei de campagnecoördinator, een voormalige staalarbeider uit Luik.\n\nDe campagne heeft twee eisen: een huurbevriezing en 50.000 sociale woningen. De eerste stap is een petitie aan de federale regering. Daarna volgen lokale woonassemblees, te beginnen in Gent.",
            ),
            (
                "fr",
                "Un logement pour tous : le parti lance sa campagne nationale",
                "Après que l’enquête a placé le logement en tête des préoccupations, toutes les sections consacreront les prochains mois aux loyers et aux logements sociaux.",
                "Lors d’une réunion nationale des responsables de section, le parti a choisi sa campagne pour les mois à venir : **Un logement pour tous**.\n\n« Nous n’avons pas choisi ce thème dans un bureau. Des dizaines de milliers de personnes l’ont choisi sur le pas de leur porte », a déclaré le coordinateur de la campagne, un ancien sidérurgiste liégeois.\n\nLa campagne porte deux revendications : un gel des loyers et 50 000 logements sociaux. La première étape est une pétition au gouvernement fédéral. Suivront des assemblées locales du logement, en commençant par Gand.",
            ),
            (
                "de",
                "Wohnen für alle: Die Partei startet ihre landesweite Kampagne",
                "Nachdem die Enquête das Wohnen an die Spitze der Sorgen gesetzt hat, widmen sich alle Sektionen in den kommenden Monaten den Mieten und dem sozialen Wohnungsbau.",
                "Auf einem nationalen Treffen der Sektionsverantwortlichen hat die Partei ihre Kampagne für die kommenden Monate beschlossen: **Wohnen für alle**.\n\n„Wir haben dieses Thema nicht in einem Büro ausgesucht. Zehntausende Menschen haben es an ihrer Haustür gewählt“, sagte der Kampagnenkoordinator, ein ehemaliger Stahlarbeiter aus Lüttich.\n\nDie Kampagne hat zwei Forderungen: das Einfrieren der Mieten und 50.000 Sozialwohnungen. Der erste Schritt ist eine Petition an die Föderalregierung. Danach folgen lokale Wohnversammlungen, angefangen in Gent.",
            ),
            (
                "en",
                "Housing for all: the party launches its national campaign",
                "With the enquête putting housing at the top of people’s worries, every section will spend the coming months on rents and social homes.",
                "At a national meeting of section leaders, the party decided on its campaign for the coming months: **Housing for all**.\n\n“We didn’t choose this topic in an office. Tens of thousands of people chose it at their front door,” said the campaign coordinator, a former steelworker from Liège.\n\nThe campaign has two demands: a rent freeze and 50,000 social homes. The first step is a petition to the federal government. Local housing assemblies will follow, starting in Ghent.",
            ),
        ],
    },
    Story {
        topics: &["climate"],
        days_ago: 79,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Klimaatmars vult Brussel: “Laat de vervuilers betalen, niet de werkende mensen”",
                "In de aanloop naar de VN-klimaattop eisten gezinnen, vakbonden en studenten een klimaatbeleid dat niet op de gewone gezinnen wordt afgewenteld.",
                "Tienduizenden mensen stapten van het Noordstation naar het Jubelpark. Vakbondsblokken liepen naast schoolklassen en boeren op tractoren.\n\nDe boodschap was duidelijk: mensen zijn klaar voor klimaatactie, maar niet voor een beleid dat hen laat betalen terwijl de grootste uitstoters vrijuit gaan. Een tiental bedrijven is verantwoordelijk voor een groot deel van de industriële uitstoot in België.\n\n## Wat de betogers vroegen\n\n- goedkoper en beter openbaar vervoer\n- publieke isolatie van woningen, te beginnen bij de armsten\n- bindende uitstootverminderingen voor de grootste vervuilers",
            ),
            (
                "fr",
                "La marche pour le climat remplit Bruxelles : « Faites payer les pollueurs, pas les travailleurs »",
                "À l’approche du sommet de l’ONU sur le climat, familles, syndicats et étudiants ont réclamé une politique climatique qui ne retombe pas sur les ménages ordinaires.",
                "Des dizaines de milliers de personnes ont marché de la gare du Nord au parc du Cinquantenaire. Les blocs syndicaux défilaient aux côtés de classes d’école et d’agriculteurs en tracteur.\n\nLe message était clair : les gens sont prêts pour l’action climatique, mais pas pour une politique qui les fait payer pendant que les plus gros émetteurs s’en tirent. Une dizaine d’entreprises sont responsables d’une grande partie des émissions industrielles de la Belgique.\n\n## Ce que les manifestants ont demandé\n\n- des transports publics meilleurs et moins chers\n- l’isolation publique des logements, en commençant par les plus pauvres\n- des réductions d’émissions contraignantes pour les plus gros pollueurs",
            ),
            (
                "de",
                "Klimamarsch füllt Brüssel: „Die Verschmutzer sollen zahlen, nicht die arbeitenden Menschen“",
                "Vor dem UN-Klimagipfel forderten Familien, Gewerkschaften und Studierende eine Klimapolitik, die nicht auf die normalen Haushalte abgewälzt wird.",
                "Zehntausende Menschen zogen vom Nordbahnhof zum Jubelpark. Gewerkschaftsblöcke marschierten neben Schulklassen und Landwirten auf Traktoren.\n\nDie Botschaft war klar: Die Menschen sind bereit für Klimaschutz, aber nicht für eine Politik, bei der sie zahlen, während die größten Emittenten davonkommen. Rund zehn Unternehmen sind für einen großen Teil der industriellen Emissionen Belgiens verantwortlich.\n\n## Was die Demonstrierenden forderten\n\n- einen günstigeren und besseren öffentlichen Verkehr\n- die öffentliche Dämmung von Wohnungen, beginnend bei den Ärmsten\n- verbindliche Emissionssenkungen für die größten Verschmutzer",
            ),
            (
                "en",
                "Climate march fills Brussels: “Make the polluters pay, not working people”",
                "Ahead of the UN climate summit, families, unions and students demanded a climate policy that is not passed on to ordinary households.",
                "Tens of thousands of people walked from the North Station to the Cinquantenaire park. Union blocks marched next to school classes and farmers on tractors.\n\nThe message was clear: people are ready for climate action, but not for a policy that makes them pay while the biggest emitters get off free. Around ten companies are responsible for a large share of Belgium’s industrial emissions.\n\n## What the marchers asked for\n\n- cheaper and better public transport\n- public insulation of homes, starting with the poorest\n- binding emission cuts for the largest polluters",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 86,
        about: About::Result,
        texts: &[
            (
                "nl",
                "Achter de cijfers: wat mensen ons aan de voordeur vertelden",
                "De vraag van de enquête naar de drie belangrijkste problemen zet wonen op één, maar toont ook hoe nauw huur, prijzen en lonen samenhangen.",
                "Bij de vraag naar hun **top drie** konden mensen drie zorgen noemen. Wonen kwam op de eerste plaats, maar zelden alleen.\n\n- wonen: 54%\n- prijzen en energiefacturen: 47%\n- lonen: 41%\n- geneesmiddelen en gezondheidszorg: 33%\n\nVan wie wonen koos, noemden twee op de drie ook de prijzen of de lonen. “Het komt allemaal uit hetzelfde loonzakje”, zei een buschauffeur in Mechelen tegen een enquêteur. Huurders onder de 35 kozen het vaakst voor wonen, gevolgd door eenoudergezinnen.\n\n[Bekijk alle resultaten](https://example.org/enquete/results).",
            ),
            (
                "fr",
                "Derrière les chiffres : ce que les gens nous ont dit sur le pas de leur porte",
                "La question de l’enquête sur les trois préoccupations principales place le logement en tête, mais montre aussi à quel point loyer, prix et salaires sont liés.",
                "À la question de leur **top trois**, les gens pouvaient citer trois préoccupations. Le logement est arrivé en tête, mais rarement seul.\n\n- logement : 54 %\n- prix et factures d’énergie : 47 %\n- salaires : 41 %\n- médicaments et soins de santé : 33 %\n\nParmi ceux qui ont choisi le logement, deux sur trois ont aussi cité les prix ou les salaires. « Tout sort du même salaire », a dit un chauffeur de bus de Malines à un enquêteur. Les locataires de moins de 35 ans ont le plus souvent choisi le logement, suivis des familles monoparentales.\n\n[Voir tous les résultats](https://example.org/enquete/results).",
            ),
            (
                "de",
                "Hinter den Zahlen: Was uns die Menschen an ihrer Haustür gesagt haben",
                "Die Frage der Enquête nach den drei wichtigsten Problemen setzt das Wohnen an die erste Stelle, zeigt aber auch, wie eng Miete, Preise und Löhne zusammenhängen.",
                "Bei der Frage nach ihren **drei wichtigsten Themen** konnten die Menschen drei Sorgen nennen. Das Wohnen kam an erster Stelle, aber selten allein.\n\n- Wohnen: 54 %\n- Preise und Energierechnungen: 47 %\n- Löhne: 41 %\n- Medikamente und Gesundheitsversorgung: 33 %\n\nVon denen, die das Wohnen wählten, nannten zwei von drei auch die Preise oder die Löhne. „Das geht alles vom selben Lohn ab“, sagte ein Busfahrer in Mecheln zu einem Interviewer. Mieter unter 35 wählten am häufigsten das Wohnen, gefolgt von Alleinerziehenden.\n\n[Alle Ergebnisse ansehen](https://example.org/enquete/results).",
            ),
            (
                "en",
                "Behind the numbers: what people told us at their front doors",
                "The enquête’s question on people’s three main issues puts housing first, but also shows how closely rent, prices and wages are tied together.",
                "Asked for their **top three issues**, people could name three worries. Housing came first, but it rarely came alone.\n\n- housing: 54%\n- prices and energy bills: 47%\n- wages: 41%\n- medicine and healthcare: 33%\n\nOf those who chose housing, two in three also named prices or wages. “It all comes out of the same pay packet,” a bus driver in Mechelen told a canvasser. Tenants under 35 chose housing most often, followed by single parents.\n\n[See all the results](https://example.org/enquete/results).",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 93,
        about: About::Result,
        texts: &[
            (
                "nl",
                "De enquête: wonen staat op één",
                "Meer dan 40.000 mensen beantwoordden de huis-aan-huisbevraging van de partij. Gevraagd naar hun top drie noemden de meesten de kostprijs van een dak boven hun hoofd.",
                "Drie maanden lang trokken leden van elke afdeling met de enquête van deur tot deur en naar de fabriekspoorten. De resultaten zijn binnen: **wonen is het vaakst genoemde probleem**, voor de prijzen, de lonen en de gezondheidszorg.\n\nHet resultaat is hetzelfde in Vlaanderen, Brussel en Wallonië, in de steden net als in kleinere gemeenten. In Brussel zetten bijna twee op de drie mensen wonen in hun top drie.\n\nDe afdelingen bespreken nu de resultaten. De nationale raad beslist de komende weken over een campagne.",
            ),
            (
                "fr",
                "L’enquête : le logement arrive en tête",
                "Plus de 40 000 personnes ont répondu à l’enquête en porte-à-porte du parti. Invitées à citer leurs trois priorités, la plupart ont nommé le coût d’un toit.",
                "Pendant trois mois, des membres de chaque section ont fait du porte-à-porte et se sont rendus aux portes des usines avec l’enquête. Les résultats sont là : **le logement est le problème le plus souvent cité**, devant les prix, les salaires et les soins de santé.\n\nLe résultat est le même en Flandre, à Bruxelles et en Wallonie, dans les villes comme dans les petites communes. À Bruxelles, près de deux personnes sur trois placent le logement dans leur top trois.\n\nLes sections discutent maintenant des résultats. Le conseil national décidera d’une campagne dans les semaines à venir.",
            ),
            (
                "de",
                "Die Enquête: Das Wohnen steht an erster Stelle",
                "Mehr als 40.000 Menschen haben an der Haustürbefragung der Partei teilgenommen. Nach ihren drei wichtigsten Themen gefragt, nannten die meisten die Kosten für ein Dach über dem Kopf.",
                "Drei Monate lang waren Mitglieder aller Sektionen mit der Enquête von Tür zu Tür und vor den Fabriktoren unterwegs. Die Ergebnisse liegen vor: **Das Wohnen ist das am häufigsten genannte Problem**, vor den Preisen, den Löhnen und der Gesundheitsversorgung.\n\nDas Ergebnis ist in Flandern, Brüssel und der Wallonie dasselbe, in den Städten wie in kleineren Gemeinden. In Brüssel zählen fast zwei von drei Menschen das Wohnen zu ihren drei wichtigsten Themen.\n\nDie Sektionen diskutieren jetzt die Ergebnisse. Der Nationalrat entscheidet in den kommenden Wochen über eine Kampagne.",
            ),
            (
                "en",
                "The enquête: housing comes first",
                "More than 40,000 people answered the party’s door-to-door survey. Asked for their top three issues, most named the cost of a roof over their heads.",
                "For three months, members of every section went door to door and to factory gates with the enquête. The results are in: **housing is the issue named most often**, ahead of prices, wages and healthcare.\n\nThe result is the same in Flanders, Brussels and Wallonia, in cities as well as in smaller towns. In Brussels, almost two in three people put housing in their top three.\n\nThe sections are now discussing the results. The national council will decide on a campaign in the coming weeks.",
            ),
        ],
    },
    Story {
        topics: &["farmers"],
        days_ago: 100,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Melkveehouders blokkeren distributiecentrum: “We verkopen onze melk onder de kostprijs”",
                "In het Land van Herve zeggen boeren dat de prijs die ze krijgen niet langer volstaat voor voeder, energie en leningen, terwijl de marges van de supermarkten blijven stijgen.",
                "Een veertigtal tractoren blokkeerde een dag lang de ingang van een distributiecentrum van een supermarktketen. De boeren deelden melk uit aan chauffeurs en voorbijgangers.\n\n“Ik krijg ongeveer 40 cent per liter. Het kost me 45 cent om hem te produceren”, zegt een melkveehouder uit Battice met zestig koeien. “Tussen mijn boerderij en het winkelrek verdient iemand geld, en dat ben ik niet.”\n\nDe partij steunt de eis van een **wettelijke minimumprijs** die de productiekosten dekt, en van grenzen aan de marges van de grote winkelketens en de voedingsindustrie.",
            ),
            (
                "fr",
                "Des producteurs laitiers bloquent un centre de distribution : « Nous vendons notre lait à perte »",
                "Dans le pays de Herve, des agriculteurs expliquent que le prix qu’ils reçoivent ne couvre plus l’alimentation du bétail, l’énergie et les emprunts, tandis que les marges des supermarchés continuent de grimper.",
                "Une quarantaine de tracteurs ont bloqué pendant une journée l’entrée d’un centre de distribution d’une chaîne de supermarchés. Les agriculteurs ont distribué du lait aux chauffeurs et aux passants.\n\n« Je reçois environ 40 centimes par litre. Il m’en coûte 45 pour le produire », explique un éleveur laitier de Battice qui a soixante vaches. « Entre ma ferme et le rayon, quelqu’un gagne de l’argent, et ce n’est pas moi. »\n\nLe parti soutient la revendication d’un **prix minimum légal** couvrant les coûts de production, et d’un plafonnement des marges des grandes chaînes de distribution et de l’industrie alimentaire.",
            ),
            (
                "de",
                "Milchbauern blockieren ein Verteilzentrum: „Wir verkaufen unsere Milch unter den Kosten“",
                "Im Herver Land sagen Landwirte, dass der Preis, den sie erhalten, Futter, Energie und Kredite nicht mehr deckt, während die Margen der Supermärkte weiter steigen.",
                "Rund vierzig Traktoren blockierten einen Tag lang die Einfahrt eines Verteilzentrums einer Supermarktkette. Die Landwirte verteilten Milch an Fahrer und Passanten.\n\n„Ich bekomme etwa 40 Cent pro Liter. Die Erzeugung kostet mich 45 Cent“, sagt ein Milchbauer aus Battice mit sechzig Kühen. „Zwischen meinem Hof und dem Regal verdient jemand Geld, und das bin nicht ich.“\n\nDie Partei unterstützt die Forderung nach einem **gesetzlichen Mindestpreis**, der die Erzeugungskosten deckt, und nach Obergrenzen für die Margen der großen Handelsketten und der Lebensmittelindustrie.",
            ),
            (
                "en",
                "Dairy farmers block a distribution centre: “We sell our milk below cost”",
                "In the Herve region, farmers say the price they are paid no longer covers feed, energy and loans, while supermarket margins keep rising.",
                "Some forty tractors blocked the entrance of a supermarket chain’s distribution centre for a day. The farmers handed out milk to drivers and passers-by.\n\n“I get about 40 cents a litre. It costs me 45 cents to produce,” says a dairy farmer from Battice with sixty cows. “Between my farm and the shelf, someone is making money, and it isn’t me.”\n\nThe party supports the demand for a **legal minimum price** that covers production costs, and for limits on the margins of the big retail chains and the food industry.",
            ),
        ],
    },
    Story {
        topics: &["unions"],
        days_ago: 107,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Vakbonden roepen nationale actiedag uit tegen de loonblokkering",
                "De wet die loonsverhogingen afremt, houdt de lonen vast terwijl winsten en dividenden klimmen. Werknemers willen opnieuw vrij kunnen onderhandelen.",
                "De drie grote vakbonden roepen op tot een nationale actiedag in Brussel. Hun doelwit is de **loonnormwet**, die beperkt hoeveel de lonen boven de indexering mogen stijgen.\n\n“We mogen onderhandelen, zolang we niets vragen”, zegt een vakbondsafgevaardigde in een chemiebedrijf in Antwerpen. Ondertussen keerden de Belgische beursgenoteerde bedrijven recorddividenden uit.\n\nDe partij roept haar afdelingen op om mee te doen met de actie en steunt de eis om de lonen opnieuw vrij onderhandelbaar te maken.",
            ),
            (
                "fr",
                "Les syndicats appellent à une journée d’action nationale contre le blocage des salaires",
                "La loi qui freine les hausses de salaire maintient les salaires au plancher pendant que profits et dividendes grimpent. Les travailleurs veulent pouvoir négocier librement à nouveau.",
                "Les trois grands syndicats appellent à une journée d’action nationale à Bruxelles. Leur cible : la **loi sur la norme salariale**, qui limite la hausse des salaires au-delà de l’indexation.\n\n« On a le droit de négocier, à condition de ne rien demander », dit un délégué syndical d’une usine chimique à Anvers. Pendant ce temps, les entreprises belges cotées en bourse ont versé des dividendes records.\n\nLe parti appelle ses sections à rejoindre l’action et soutient la revendication de rendre les salaires à nouveau librement négociables.",
            ),
            (
                "de",
                "Gewerkschaften rufen zu einem nationalen Aktionstag gegen den Lohnstopp auf",
                "Das Gesetz, das Lohnerhöhungen bremst, hält die Löhne niedrig, während Gewinne und Dividenden steigen. Die Beschäftigten wollen wieder frei verhandeln können.",
                "Die drei großen Gewerkschaften rufen zu einem nationalen Aktionstag in Brüssel auf. Ihr Ziel ist das **Lohnnormgesetz**, das begrenzt, wie stark die Löhne über die Indexierung hinaus steigen dürfen.\n\n„Wir dürfen verhandeln, solange wir nichts fordern“, sagt ein Gewerkschaftsdelegierter in einem Chemiewerk in Antwerpen. Unterdessen haben die börsennotierten belgischen Unternehmen Rekorddividenden ausgeschüttet.\n\nDie Partei ruft ihre Sektionen auf, sich der Aktion anzuschließen, und unterstützt die Forderung, die Löhne wieder frei verhandelbar zu machen.",
            ),
            (
                "en",
                "Unions call a national day of action against the wage freeze",
                "The law that curbs pay rises keeps wages down while profits and dividends climb. Workers want to be free to negotiate again.",
                "The three main unions are calling a national day of action in Brussels. Their target is the **wage norm law**, which limits how much wages may rise above indexation.\n\n“We’re allowed to negotiate, as long as we don’t ask for anything,” says a union delegate at a chemical plant in Antwerp. Meanwhile, Belgium’s listed companies paid out record dividends.\n\nThe party calls on its sections to join the action and supports the demand to make wages freely negotiable again.",
            ),
        ],
    },
    Story {
        topics: &["palestine"],
        days_ago: 114,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Twaalf gemeenteraden schorten contracten op met bedrijven in illegale nederzettingen",
                "Van Luik tot Mechelen stemmen gemeenteraden om hun leveranciers door te lichten, nadat inwoners en lokale afdelingen de kwestie aankaartten.",
                "De voorbije maanden keurden twaalf Belgische gemeenten moties goed om niet langer aan te kopen bij bedrijven die actief zijn in de illegale Israëlische nederzettingen op de bezette Westelijke Jordaanoever.\n\nDe moties begonnen vaak met een petitie op een lokale markt. “Mensen vroegen ons: wat kunnen wij hier, in onze gemeente, doen? Dit is één antwoord”, zegt een gemeenteraadslid in Vorst.\n\nDe moties steunen op de databank van de Verenigde Naties met bedrijven die betrokken zijn bij de nederzettingen. [Lees de modelmotie](https://example.org/palestine/motion) en breng ze naar je eigen gemeenteraad.",
            ),
            (
                "fr",
                "Douze conseils communaux suspendent leurs contrats avec des entreprises actives dans les colonies illégales",
                "De Liège à Malines, des conseils votent pour passer leurs fournisseurs au crible après que des habitants et des sections locales ont soulevé la question.",
                "Ces derniers mois, douze communes belges ont adopté des motions pour cesser d’acheter auprès d’entreprises actives dans les colonies israéliennes illégales en Cisjordanie occupée.\n\nLes motions ont souvent commencé par une pétition sur un marché local. « Les gens nous demandaient : que pouvons-nous faire ici, dans notre commune ? En voici une réponse », explique une conseillère communale de Forest.\n\nLes motions s’appuient sur la base de données des Nations unies recensant les entreprises impliquées dans les colonies. [Lisez la motion type](https://example.org/palestine/motion) et portez-la devant votre propre conseil communal.",
            ),
            (
                "de",
                "Zwölf Gemeinderäte setzen Verträge mit Firmen in illegalen Siedlungen aus",
                "Von Lüttich bis Mecheln stimmen Gemeinderäte dafür, ihre Lieferanten zu überprüfen, nachdem Einwohner und örtliche Sektionen das Thema angesprochen hatten.",
                "In den vergangenen Monaten haben zwölf belgische Gemeinden Anträge beschlossen, nicht mehr bei Unternehmen einzukaufen, die in den illegalen israelischen Siedlungen im besetzten Westjordanland tätig sind.\n\nDie Anträge begannen oft mit einer Petition auf einem örtlichen Markt. „Die Leute fragten uns: Was können wir hier, in unserer Gemeinde, tun? Das ist eine Antwort“, sagt eine Gemeinderätin in Forest.\n\nDie Anträge stützen sich auf die Datenbank der Vereinten Nationen über Unternehmen, die an den Siedlungen beteiligt sind. [Lesen Sie den Musterantrag](https://example.org/palestine/motion) und bringen Sie ihn in Ihren eigenen Gemeinderat ein.",
            ),
            (
                "en",
                "Twelve municipal councils suspend contracts with firms active in illegal settlements",
                "From Liège to Mechelen, councils vote to screen their suppliers after residents and local sections raised the issue.",
                "In recent months, twelve Belgian municipalities have passed motions to stop buying from companies active in Israel’s illegal settlements in the occupied West Bank.\n\nThe motions often started with a petition at a local market. “People asked us: what can we do here, in our own town? This is one answer,” says a local councillor in Forest.\n\nThe motions rely on the United Nations database of companies involved in the settlements. [Read the model motion](https://example.org/palestine/motion) and take it to your own council.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 121,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Lobby van eigenaars wil snellere uithuiszettingen, huurdersorganisaties verzetten zich",
                "Een voorstel om de procedures voor uithuiszetting in te korten, zou gezinnen treffen die na jobverlies of ziekte een huurachterstand oplopen.",
                "Een federatie van private verhuurders wil dat uithuiszettingszaken in weken in plaats van maanden worden behandeld. Volgens haar verliezen eigenaars te veel als huurders niet meer betalen.\n\nHuurdersorganisaties antwoorden dat de meeste achterstallen volgen op een plotse inkomensdaling. “Niemand stopt voor zijn plezier met betalen. Mensen verliezen hun job, worden ziek of gaan uit elkaar”, zegt een maatschappelijk werker van het OCMW in Charleroi.\n\nDe partij verzet zich tegen het voorstel en eist een **verbod op uithuiszetting zonder herhuisvesting**, en een publiek fonds dat verhuurders betaalt wanneer huurders in moeilijkheden achterstand oplopen.",
            ),
            (
                "fr",
                "Le lobby des propriétaires réclame des expulsions plus rapides, les associations de locataires ripostent",
                "Une proposition visant à raccourcir les procédures d’expulsion frapperait les familles qui accumulent des arriérés de loyer après une perte d’emploi ou une maladie.",
                "Une fédération de propriétaires privés veut que les affaires d’expulsion soient traitées en quelques semaines au lieu de plusieurs mois. Selon elle, les propriétaires perdent trop quand les locataires cessent de payer.\n\nLes associations de locataires répondent que la plupart des arriérés suivent une chute soudaine des revenus. « Personne n’arrête de payer par plaisir. Les gens perdent leur emploi, tombent malades ou se séparent », explique un assistant social du CPAS de Charleroi.\n\nLe parti s’oppose à la proposition et exige une **interdiction des expulsions sans relogement**, ainsi qu’un fonds public qui paie les propriétaires lorsque des locataires en difficulté prennent du retard.",
            ),
            (
                "de",
                "Eigentümerlobby fordert schnellere Zwangsräumungen, Mietervereine wehren sich",
                "Ein Vorschlag zur Verkürzung der Räumungsverfahren würde Familien treffen, die nach einem Arbeitsplatzverlust oder einer Krankheit mit der Miete in Rückstand geraten.",
                "Ein Verband privater Vermieter will, dass Räumungsverfahren in Wochen statt in Monaten abgewickelt werden. Nach seiner Ansicht verlieren Eigentümer zu viel, wenn Mieter nicht mehr zahlen.\n\nMietervereine entgegnen, dass die meisten Rückstände auf einen plötzlichen Einkommensverlust folgen. „Niemand hört aus Spaß auf zu zahlen. Die Leute verlieren ihre Arbeit, werden krank oder trennen sich“, sagt ein Sozialarbeiter des ÖSHZ in Charleroi.\n\nDie Partei lehnt den Vorschlag ab und fordert ein **Verbot von Zwangsräumungen ohne Ersatzwohnung** sowie einen öffentlichen Fonds, der Vermieter bezahlt, wenn Mieter in Not in Rückstand geraten.",
            ),
            (
                "en",
                "Landlords’ lobby calls for faster evictions, tenants’ groups push back",
                "A proposal to shorten eviction procedures would hit families who fall behind on rent after losing a job or falling ill.",
                "A federation of private landlords wants eviction cases handled in weeks instead of months. It says owners lose too much when tenants stop paying.\n\nTenants’ associations answer that most arrears follow a sudden drop in income. “Nobody stops paying for fun. People lose their job, get sick or separate,” says a social worker at the public welfare centre in Charleroi.\n\nThe party opposes the proposal and demands a **ban on evictions without rehousing**, and a public fund that pays landlords when tenants in difficulty fall behind.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 128,
        about: About::Nothing,
        texts: &[(
            "nl",
            "Luchtbal: bewoners van sociale woontoren eisen herstelling van de liften",
            "Al drie maanden werkt in een woontoren op de Luchtbal geen enkele lift. Ouderen en gezinnen met kleine kinderen zitten vast op de hoogste verdiepingen.",
            "Op de zeventiende verdieping woont Maria, 78 jaar. Sinds de liften stilvielen, is ze haar appartement niet meer uit geweest. Buren brengen haar boodschappen naar boven.\n\nDe bewoners verzamelden 220 handtekeningen en trokken met de wijkafdeling naar de zitdag van de huisvestingsmaatschappij. Die belooft nu een herstelling “binnen de zes weken”.\n\n“We houden die datum goed in het oog”, zegt een bewoner van de tiende verdieping. “Als er dan niets gebeurd is, komen we terug, en met meer.”",
        )],
    },
    Story {
        topics: &["healthcare"],
        days_ago: 135,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Gratis wijkgezondheidscentrum opent in Seraing",
                "Artsen, verpleegkundigen en een maatschappelijk werker onder één dak: geen rekening aan de balie, en zorg die vertrekt van de levensomstandigheden van mensen.",
                "In een voormalig bankkantoor in het centrum van Seraing heeft een nieuwe groepspraktijk de deuren geopend. Patiënten schrijven zich één keer in en betalen niets aan de balie: de praktijk krijgt van het ziekenfonds een forfait per ingeschreven patiënt.\n\n“De helft van wat ik zie, komt van slechte huisvesting, slecht werk of geen werk”, zegt een van de huisartsen. “Dus schrijven we niet alleen voorschriften. We helpen mensen hun rechten op te eisen en we staan naast hen als ze zich organiseren.”\n\nHet centrum telt al 1.200 ingeschreven patiënten en wil een kinesitherapeut aanwerven.",
            ),
            (
                "fr",
                "Une maison médicale de quartier gratuite ouvre ses portes à Seraing",
                "Médecins, infirmières et un assistant social sous un même toit : pas de facture au guichet, et des soins qui partent des conditions de vie des gens.",
                "Dans une ancienne agence bancaire du centre de Seraing, une nouvelle maison médicale a ouvert ses portes. Les patients s’inscrivent une fois et ne paient rien au guichet : la maison médicale reçoit de la mutuelle un forfait par patient inscrit.\n\n« La moitié de ce que je vois vient d’un mauvais logement, d’un mauvais travail ou de l’absence de travail », explique l’une de ses médecins généralistes. « Alors nous ne faisons pas que des ordonnances. Nous aidons les gens à faire valoir leurs droits et nous sommes à leurs côtés quand ils s’organisent. »\n\nLa maison médicale compte déjà 1 200 patients inscrits et prévoit d’engager un kinésithérapeute.",
            ),
            (
                "de",
                "Kostenloses Stadtteil-Gesundheitszentrum öffnet in Seraing",
                "Ärzte, Pflegekräfte und ein Sozialarbeiter unter einem Dach: keine Rechnung am Empfang und eine Versorgung, die bei den Lebensbedingungen der Menschen ansetzt.",
                "In einer ehemaligen Bankfiliale im Zentrum von Seraing hat eine neue Gemeinschaftspraxis eröffnet. Die Patienten schreiben sich einmal ein und zahlen am Empfang nichts: Die Praxis erhält von der Krankenkasse eine Pauschale pro eingeschriebenem Patienten.\n\n„Die Hälfte von dem, was ich sehe, kommt von schlechten Wohnungen, schlechter Arbeit oder keiner Arbeit“, sagt eine der Hausärztinnen. „Deshalb stellen wir nicht nur Rezepte aus. Wir helfen den Menschen, ihre Rechte einzufordern, und stehen an ihrer Seite, wenn sie sich organisieren.“\n\nDas Zentrum hat bereits 1.200 eingeschriebene Patienten und will einen Physiotherapeuten einstellen.",
            ),
            (
                "en",
                "A free neighbourhood health centre opens in Seraing",
                "Doctors, nurses and a social worker under one roof: no bill at the desk, and care that starts from people’s living conditions.",
                "In a former bank branch in the centre of Seraing, a new group practice has opened its doors. Patients register once and pay nothing at the desk: the practice receives a fixed fee per registered patient from the health insurance fund.\n\n“Half of what I see comes from bad housing, bad work or no work,” says one of its general practitioners. “So we don’t just write prescriptions. We help people claim their rights, and we stand with them when they organise.”\n\nThe centre already has 1,200 registered patients and plans to hire a physiotherapist.",
            ),
        ],
    },
    Story {
        topics: &["women", "unions"],
        days_ago: 142,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Schoonmaakpersoneel van kantoren staakt: “Wij poetsen jullie bureaus, we zijn niet onzichtbaar”",
                "Het schoonmaakpersoneel van een Brussels kantorencomplex, bijna allemaal vrouwen, legt het werk neer na het schrappen van uren en een onhoudbare werkdruk.",
                "Al drie dagen staakt het schoonmaakpersoneel van een groot kantorencomplex bij het Brusselse Noordstation. Hun werkgever, een onderaannemer in de schoonmaak, schrapte uren en voegde tegelijk verdiepingen toe.\n\n“We beginnen om vijf uur ’s ochtends, nog voor de eerste bus. Nu willen ze hetzelfde werk in minder tijd, voor minder geld”, zegt Fatima, al elf jaar schoonmaakster.\n\nDe stakers eisen:\n\n- hun uren terug\n- een haalbaar aantal vierkante meter per shift\n- een vast contract voor de interimkrachten\n\nHet vrouwenplatform van de partij bracht soep en een stakingskas naar de piketpost.",
            ),
            (
                "fr",
                "Grève du nettoyage de bureaux : « Nous nettoyons vos bureaux, nous ne sommes pas invisibles »",
                "Le personnel de nettoyage d’un complexe de bureaux bruxellois, presque uniquement des femmes, arrête le travail face aux heures supprimées et à une charge de travail intenable.",
                "Depuis trois jours, le personnel de nettoyage d’un grand complexe de bureaux près de la gare du Nord, à Bruxelles, est en grève. Son employeur, un sous-traitant du nettoyage, a supprimé des heures tout en ajoutant des étages à nettoyer.\n\n« Nous commençons à cinq heures du matin, avant le premier bus. Maintenant, ils veulent le même travail en moins de temps, pour moins d’argent », raconte Fatima, nettoyeuse depuis onze ans.\n\nLes grévistes exigent :\n\n- le retour de leurs heures\n- un nombre réaliste de mètres carrés par service\n- un contrat à durée indéterminée pour les intérimaires\n\nLa plateforme des femmes du parti a apporté de la soupe et une caisse de grève au piquet.",
            ),
            (
                "de",
                "Reinigungskräfte in Büros streiken: „Wir putzen eure Schreibtische, wir sind nicht unsichtbar“",
                "Das Reinigungspersonal eines Brüsseler Bürokomplexes, fast nur Frauen, legt die Arbeit nieder: Stunden wurden gestrichen, die Arbeitslast ist nicht mehr zu bewältigen.",
                "Seit drei Tagen streikt das Reinigungspersonal eines großen Bürokomplexes am Brüsseler Nordbahnhof. Sein Arbeitgeber, ein Subunternehmen der Reinigungsbranche, hat Stunden gestrichen und gleichzeitig weitere Etagen hinzugefügt.\n\n„Wir fangen um fünf Uhr morgens an, bevor der erste Bus fährt. Jetzt wollen sie dieselbe Arbeit in weniger Zeit, für weniger Geld“, sagt Fatima, seit elf Jahren Reinigungskraft.\n\nDie Streikenden fordern:\n\n- ihre Stunden zurück\n- eine realistische Zahl von Quadratmetern pro Schicht\n- einen unbefristeten Vertrag für die Leiharbeitskräfte\n\nDie Frauenplattform der Partei brachte Suppe und eine Streikkasse zum Streikposten.",
            ),
            (
                "en",
                "Office cleaners strike: “We clean your desks, we are not invisible”",
                "The cleaning staff of a Brussels office complex, almost all women, stop work over cut hours and an impossible workload.",
                "For three days now, the cleaning staff of a large office complex near the Brussels North Station have been on strike. Their employer, a cleaning subcontractor, cut their hours while adding floors to clean.\n\n“We start at five in the morning, before the first bus. Now they want the same work in less time, for less money,” says Fatima, a cleaner for eleven years.\n\nThe strikers demand:\n\n- their hours back\n- a realistic number of square metres per shift\n- a permanent contract for the agency workers\n\nThe party’s women’s platform brought soup and a strike fund to the picket line.",
            ),
        ],
    },
    Story {
        topics: &["climate"],
        days_ago: 149,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Openbaar vervoer: maak het gratis, frequent en betrouwbaar",
                "Pendelaars verliezen uren door afgeschafte treinen en gemiste aansluitingen. Een klimaatbeleid dat werkt, begint met een bus en een trein waarop je kunt rekenen.",
                "Elke werkdag wachten tienduizenden pendelaars op een perron op een trein die te laat is of afgeschaft wordt. In veel dorpen vertrekt de laatste bus nog voor het einde van de late shift.\n\nHasselt toonde ooit dat gratis bussen het aantal reizigers kunnen vervelvoudigen. Waar het openbaar vervoer goed en goedkoop is, laten mensen de auto staan zonder dat ze ertoe gedwongen worden.\n\n## De partij stelt voor\n\n- stap voor stap gratis stadsbussen en trams\n- meer treinen en personeel, in plaats van kleine stations te sluiten\n- elk halfuur een bus in elke gemeente",
            ),
            (
                "fr",
                "Transports publics : rendons-les gratuits, fréquents et fiables",
                "Les navetteurs perdent des heures à cause de trains supprimés et de correspondances ratées. Une politique climatique qui fonctionne commence par un bus et un train sur lesquels on peut compter.",
                "Chaque jour ouvrable, des dizaines de milliers de navetteurs attendent sur un quai un train en retard ou supprimé. Dans de nombreux villages, le dernier bus part avant la fin du poste du soir.\n\nHasselt a montré autrefois que des bus gratuits peuvent multiplier le nombre de voyageurs. Là où les transports publics sont bons et bon marché, les gens laissent leur voiture au garage sans y être obligés.\n\n## Le parti propose\n\n- des bus et des trams urbains gratuits, pas à pas\n- plus de trains et de personnel, au lieu de fermer les petites gares\n- un bus toutes les demi-heures dans chaque commune",
            ),
            (
                "de",
                "Öffentlicher Verkehr: kostenlos, häufig und zuverlässig",
                "Pendler verlieren Stunden durch ausgefallene Züge und verpasste Anschlüsse. Eine Klimapolitik, die funktioniert, beginnt mit einem Bus und einem Zug, auf die man sich verlassen kann.",
                "An jedem Arbeitstag warten Zehntausende Pendler auf einem Bahnsteig auf einen Zug, der verspätet ist oder ausfällt. In vielen Dörfern fährt der letzte Bus noch vor dem Ende der Spätschicht.\n\nHasselt hat einst gezeigt, dass kostenlose Busse die Zahl der Fahrgäste vervielfachen können. Wo der öffentliche Verkehr gut und günstig ist, lassen die Menschen das Auto stehen, ohne dazu gezwungen zu werden.\n\n## Die Partei schlägt vor\n\n- Schritt für Schritt kostenlose Stadtbusse und Straßenbahnen\n- mehr Züge und Personal, statt kleine Bahnhöfe zu schließen\n- einen Bus jede halbe Stunde in jeder Gemeinde",
            ),
            (
                "en",
                "Public transport: make it free, frequent and reliable",
                "Commuters lose hours to cancelled trains and missed connections. A climate policy that works starts with a bus and a train you can count on.",
                "Every working day, tens of thousands of commuters wait on a platform for a train that is late or cancelled. In many villages, the last bus leaves before the end of the late shift.\n\nHasselt once showed that free buses can multiply the number of passengers. Where public transport is good and cheap, people leave the car at home without being forced to.\n\n## The party proposes\n\n- free city buses and trams, step by step\n- more trains and staff, instead of closing small stations\n- a bus every half hour in every municipality",
            ),
        ],
    },
    Story {
        topics: &["farmers"],
        days_ago: 156,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Jonge boeren vinden geen grond meer: “Een hectare kost meer dan ik in tien jaar verdien”",
                "Landbouwgrond wordt een belegging. Wie wil beginnen, botst op prijzen die niets meer te maken hebben met wat de grond opbrengt.",
                "In Vlaanderen kost een hectare landbouwgrond vaak meer dan 60.000 euro, in Wallonië de helft. Beleggers, projectontwikkelaars en grote bedrijven kopen op, en paardenweides en tweede verblijven nemen de rest.\n\n“Mijn vader kon nog grond pachten van de buren. Ik moet opbieden tegen mensen die nooit op een tractor zullen zitten”, zegt een jonge groenteteler uit de streek van Gembloers.\n\nDe partij stelt een **publieke grondbank** voor die landbouwgrond opkoopt en betaalbaar verpacht aan wie ze bewerkt.",
            ),
            (
                "fr",
                "Les jeunes agriculteurs ne trouvent plus de terres : « Un hectare coûte plus que ce que je gagne en dix ans »",
                "La terre agricole devient un placement. Ceux qui veulent s’installer se heurtent à des prix qui n’ont plus rien à voir avec ce que la terre rapporte.",
                "En Flandre, un hectare de terre agricole coûte souvent plus de 60 000 euros, en Wallonie la moitié. Investisseurs, promoteurs et grandes entreprises achètent, et les prairies à chevaux et les résidences secondaires prennent le reste.\n\n« Mon père pouvait encore prendre des terres en fermage chez les voisins. Moi, je dois surenchérir face à des gens qui ne monteront jamais sur un tracteur », raconte un jeune maraîcher de la région de Gembloux.\n\nLe parti propose une **banque foncière publique** qui rachète des terres agricoles et les loue à un prix abordable à ceux qui les cultivent.",
            ),
        ],
    },
    Story {
        topics: &["unions"],
        days_ago: 163,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Pensioen op 67? Tienduizenden staken tegen langer werken",
                "Spoorarbeiders, leerkrachten en industriearbeiders leggen het werk neer, nu de regering de pensioenen wil korten van wie vroeger stopt.",
                "Treinen bleven staan en veel scholen waren dicht toen werknemers in het hele land meededen aan een nationale staking tegen de pensioenplannen van de regering.\n\nDe hervorming zou het pensioen korten van iedereen die voor 67 stopt zonder volledige loopbaan. Dat treft vooral vrouwen, die vaker een onderbroken loopbaan hebben, en werknemers in zware beroepen. “Ik sleur al zakken pleister sinds mijn negentiende. Op mijn 67e is mijn rug op”, zegt een bouwvakker aan een piket in Namen.\n\nDe partij verdedigt een pensioen op 65, en vroeger voor zware beroepen, met een **minimumpensioen van 1.800 euro netto**.",
            ),
            (
                "fr",
                "La pension à 67 ans ? Des dizaines de milliers de grévistes contre l’allongement du travail",
                "Cheminots, enseignants et ouvriers de l’industrie arrêtent le travail alors que le gouvernement veut réduire la pension de ceux qui partent plus tôt.",
                "Les trains étaient à l’arrêt et de nombreuses écoles fermées : partout dans le pays, des travailleurs ont rejoint une grève nationale contre les projets du gouvernement sur les pensions.\n\nLa réforme réduirait la pension de toute personne qui s’arrête avant 67 ans sans carrière complète. Elle frappe surtout les femmes, qui ont plus souvent des carrières interrompues, et les travailleurs des métiers pénibles. « Je porte des sacs de plâtre depuis mes dix-neuf ans. À 67 ans, mon dos sera fichu », dit un ouvrier du bâtiment à un piquet à Namur.\n\nLe parti défend la pension à 65 ans, et plus tôt pour les métiers pénibles, avec une **pension minimum de 1 800 euros nets**.",
            ),
            (
                "de",
                "Rente mit 67? Zehntausende streiken gegen längeres Arbeiten",
                "Bahnbeschäftigte, Lehrkräfte und Industriearbeiter legen die Arbeit nieder, weil die Regierung die Renten derjenigen kürzen will, die früher aufhören.",
                "Züge standen still und viele Schulen blieben geschlossen, als sich Beschäftigte im ganzen Land einem landesweiten Streik gegen die Rentenpläne der Regierung anschlossen.\n\nDie Reform würde die Rente aller kürzen, die vor 67 ohne volle Laufbahn aufhören. Das trifft vor allem Frauen, die häufiger unterbrochene Laufbahnen haben, und Beschäftigte in Schwerarbeitsberufen. „Ich schleppe Gipssäcke, seit ich neunzehn bin. Mit 67 ist mein Rücken kaputt“, sagt ein Bauarbeiter an einem Streikposten in Namur.\n\nDie Partei verteidigt die Rente mit 65, bei Schwerarbeit früher, mit einer **Mindestrente von 1.800 Euro netto**.",
            ),
            (
                "en",
                "Pension at 67? Tens of thousands strike against working longer",
                "Rail workers, teachers and industrial workers stop work as the government wants to cut the pensions of those who stop earlier.",
                "Trains stood still and many schools were closed as workers across the country joined a national strike against the government’s pension plans.\n\nThe reform would cut the pension of anyone who stops before 67 without a full career. That hits women hardest, as they more often have interrupted careers, and workers in heavy jobs. “I’ve been hauling bags of plaster since I was nineteen. At 67 my back will be finished,” says a construction worker on a picket line in Namur.\n\nThe party defends a pension at 65, and earlier for heavy jobs, with a **minimum pension of €1,800 net**.",
            ),
        ],
    },
];
