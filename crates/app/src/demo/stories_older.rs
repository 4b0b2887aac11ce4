//! The demo country's older news: the second half of its year of articles.

use super::stories::{About, Story};

pub const OLDER_STORIES: &[Story] = &[
    Story {
        topics: &["healthcare"],
        days_ago: 170,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Waarom betalen we meer voor geneesmiddelen dan nodig?",
                "Nieuw-Zeeland koopt geneesmiddelen aan via openbare aanbestedingen en betaalt een fractie van de Belgische prijzen. Het kiwimodel kan patiënten en de ziekteverzekering honderden miljoenen besparen.",
                "Voor veel gangbare geneesmiddelen betalen Belgische patiënten een veelvoud van wat patiënten in Nieuw-Zeeland betalen. Het verschil: daar organiseert een publiek agentschap een aanbesteding, en de fabrikant met het beste bod levert aan het hele land.\n\nHet zogenaamde **kiwimodel** zou de prijs van generische middelen tegen cholesterol, hoge bloeddruk en maagklachten doen dalen. “Sommige van mijn patiënten slaan op het einde van de maand een doosje over”, zegt een apotheker in La Louvière.\n\nDe partij vraagt openbare aanbestedingen voor de meest gebruikte geneesmiddelen, en dat de besparing naar lagere remgelden gaat. [Lees het voorstel](https://example.org/health/kiwi).",
            ),
            (
                "fr",
                "Pourquoi payons-nous nos médicaments plus cher que nécessaire ?",
                "La Nouvelle-Zélande achète ses médicaments par appels d’offres publics et paie une fraction des prix belges. Le modèle kiwi pourrait faire économiser des centaines de millions aux patients et à l’assurance maladie.",
                "Pour de nombreux médicaments courants, les patients belges paient plusieurs fois ce que paient les patients néo-zélandais. La différence : là-bas, une agence publique organise un appel d’offres, et le fabricant qui fait la meilleure offre approvisionne tout le pays.\n\nLe **modèle kiwi** ferait baisser le prix des génériques contre le cholestérol, l’hypertension et les maux d’estomac. « Certains de mes patients sautent une boîte en fin de mois », explique un pharmacien de La Louvière.\n\nLe parti demande des appels d’offres publics pour les médicaments les plus utilisés, et que les économies servent à réduire le ticket modérateur. [Lire la proposition](https://example.org/health/kiwi).",
            ),
            (
                "de",
                "Warum zahlen wir mehr für Medikamente als nötig?",
                "Neuseeland kauft Medikamente über öffentliche Ausschreibungen ein und zahlt einen Bruchteil der belgischen Preise. Das Kiwi-Modell könnte Patienten und Krankenversicherung Hunderte Millionen sparen.",
                "Für viele gängige Medikamente zahlen Patienten in Belgien ein Mehrfaches dessen, was Patienten in Neuseeland zahlen. Der Unterschied: Dort organisiert eine öffentliche Behörde eine Ausschreibung, und der Hersteller mit dem besten Angebot beliefert das ganze Land.\n\nDas sogenannte **Kiwi-Modell** würde die Preise von Generika gegen Cholesterin, Bluthochdruck und Magenbeschwerden senken. „Manche meiner Patienten lassen am Monatsende eine Packung aus“, sagt ein Apotheker in La Louvière.\n\nDie Partei fordert öffentliche Ausschreibungen für die meistverwendeten Medikamente und dass die Einsparungen in niedrigere Eigenanteile der Patienten fließen. [Den Vorschlag lesen](https://example.org/health/kiwi).",
            ),
            (
                "en",
                "Why do we pay more for medicines than we need to?",
                "New Zealand buys medicines through public tenders and pays a fraction of Belgian prices. The kiwi model could save patients and the health insurance hundreds of millions.",
                "For many common medicines, Belgian patients pay several times what patients in New Zealand pay. The difference: there, a public agency organises a tender, and the manufacturer with the best offer supplies the whole country.\n\nThe so-called **kiwi model** would bring down the price of generic medicines for cholesterol, high blood pressure and stomach complaints. “Some of my patients skip a box at the end of the month,” says a pharmacist in La Louvière.\n\nThe party calls for public tenders for the most-used medicines, and for the savings to go to lower patient contributions. [Read the proposal](https://example.org/health/kiwi).",
            ),
        ],
    },
    Story {
        topics: &["palestine", "healthcare"],
        days_ago: 177,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Terug uit Gaza: “In de tweede week waren de verdovingsmiddelen op”",
                "Na vier weken in een ziekenhuis in het zuiden van de Gazastrook vertelt een urgentiearts uit Leuven over amputaties zonder verdoving en collega’s die onbetaald blijven werken.",
                "“We opereerden bij het licht van onze gsm’s. In de tweede week waren de verdovingsmiddelen op”, zegt de arts, die vroeg om enkel haar beroep te vermelden.\n\nWat haar het meest trof, was het Palestijnse personeel. “Verpleegkundigen die zelf hun huis verloren hadden, kwamen elke dag werken. Zorg is daar ook een manier om een gemeenschap overeind te houden.”\n\nTerug in België sloot ze zich aan bij zorgverleners die de regering vragen om:\n\n- een volledig wapenembargo tegen Israël\n- druk voor de veilige toegang van medische hulpgoederen\n- de bescherming van ziekenhuizen, zoals het internationaal recht vereist",
            ),
            (
                "fr",
                "De retour de Gaza : « Dès la deuxième semaine, nous n’avions plus d’anesthésiants »",
                "Après quatre semaines dans un hôpital du sud de la bande de Gaza, une urgentiste de Louvain raconte les amputations sans anesthésie et les collègues qui continuent à travailler sans salaire.",
                "« Nous opérions à la lumière de nos téléphones. Dès la deuxième semaine, nous n’avions plus d’anesthésiants », raconte la médecin, qui a demandé que seule sa profession soit mentionnée.\n\nCe qui l’a le plus marquée, c’est le personnel palestinien. « Des infirmières qui avaient elles-mêmes perdu leur maison venaient travailler chaque jour. Là-bas, soigner est aussi une manière de faire tenir une communauté. »\n\nDe retour en Belgique, elle a rejoint des soignants qui demandent au gouvernement :\n\n- un embargo complet sur les armes à destination d’Israël\n- des pressions pour l’entrée sûre du matériel médical\n- la protection des hôpitaux, comme l’exige le droit international",
            ),
            (
                "de",
                "Zurück aus Gaza: „In der zweiten Woche gingen uns die Betäubungsmittel aus“",
                "Nach vier Wochen in einem Krankenhaus im Süden des Gazastreifens berichtet eine Notärztin aus Löwen von Amputationen ohne Narkose und von Kollegen, die unbezahlt weiterarbeiten.",
                "„Wir haben im Licht unserer Handys operiert. In der zweiten Woche gingen uns die Betäubungsmittel aus“, sagt die Ärztin, die darum bat, nur ihren Beruf zu nennen.\n\nAm meisten beeindruckte sie das palästinensische Personal. „Pflegekräfte, die selbst ihr Zuhause verloren hatten, kamen jeden Tag zur Arbeit. Die Pflege ist dort auch eine Art, eine Gemeinschaft zusammenzuhalten.“\n\nZurück in Belgien hat sie sich Beschäftigten im Gesundheitswesen angeschlossen, die von der Regierung fordern:\n\n- ein vollständiges Waffenembargo gegen Israel\n- Druck für die sichere Einfuhr medizinischer Hilfsgüter\n- den Schutz von Krankenhäusern, wie es das Völkerrecht verlangt",
            ),
            (
                "en",
                "Back from Gaza: “By the second week we had run out of anaesthetics”",
                "After four weeks in a hospital in the south of the Gaza Strip, an emergency doctor from Leuven speaks of amputations without anaesthesia and colleagues who keep working unpaid.",
                "“We operated by the light of our phones. By the second week we had run out of anaesthetics,” says the doctor, who asked that only her profession be mentioned.\n\nWhat struck her most was the Palestinian staff. “Nurses who had lost their own homes came to work every day. Care there is also a way of holding a community together.”\n\nBack in Belgium, she joined health workers who are asking the government for:\n\n- a complete arms embargo on Israel\n- pressure for the safe entry of medical supplies\n- the protection of hospitals, as international law requires",
            ),
        ],
    },
    Story {
        topics: &["elections"],
        days_ago: 184,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Gemeenteraadsverkiezingen: de partij komt in tientallen nieuwe gemeenteraden",
                "Van Genk tot Charleroi nemen fabrieksarbeiders, verpleegkundigen en huurdersactivisten voor het eerst zitting in de gemeenteraad.",
                "De gemeenteraadsverkiezingen leverden de partij verkozenen op in tientallen gemeenten waar ze voordien niemand had. In verschillende volkswijken van Brussel en Luik werd ze de tweede grootste lijst.\n\n“Ik ben lasser. Ik blijf lassen, en op maandagavond zit ik in de gemeenteraad”, zegt een van de nieuwe verkozenen in Genk.\n\nDe nieuwe gemeenteraadsleden volgen de regel van de partij: ze leven van een gemiddeld werknemersloon en geven de rest van hun vergoeding terug aan de beweging. Hun eerste taak: **de eisen van de wijk de raadzaal binnenbrengen**.",
            ),
            (
                "fr",
                "Élections communales : le parti fait son entrée dans des dizaines de nouveaux conseils",
                "De Genk à Charleroi, des ouvriers d’usine, des infirmières et des militants du droit au logement siègent pour la première fois au conseil communal.",
                "Les élections communales ont donné au parti des élus dans des dizaines de communes où il n’en avait aucun auparavant. Dans plusieurs quartiers populaires de Bruxelles et de Liège, il est devenu la deuxième liste.\n\n« Je suis soudeur. Je continue à souder, et le lundi soir, je serai au conseil communal », dit l’un des nouveaux élus de Genk.\n\nLes nouveaux conseillers respectent la règle du parti : ils vivent avec le salaire moyen d’un travailleur et reversent le reste de leurs indemnités au mouvement. Leur première tâche : **faire entrer les revendications du quartier dans la salle du conseil**.",
            ),
            (
                "de",
                "Kommunalwahlen: Die Partei zieht in Dutzende neue Gemeinderäte ein",
                "Von Genk bis Charleroi nehmen Fabrikarbeiter, Pflegekräfte und Mieteraktivisten zum ersten Mal ihren Sitz im Gemeinderat ein.",
                "Die Kommunalwahlen haben der Partei Mandate in Dutzenden Gemeinden gebracht, in denen sie vorher niemanden hatte. In mehreren Arbeitervierteln von Brüssel und Lüttich wurde sie zur zweitstärksten Liste.\n\n„Ich bin Schweißer. Ich schweiße weiter, und montagabends sitze ich im Gemeinderat“, sagt einer der neu Gewählten in Genk.\n\nDie neuen Gemeinderatsmitglieder halten sich an die Regel der Partei: Sie leben von einem durchschnittlichen Arbeiterlohn und geben den Rest ihrer Entschädigung an die Bewegung zurück. Ihre erste Aufgabe: **die Forderungen des Viertels in den Ratssaal tragen**.",
            ),
            (
                "en",
                "Local elections: the party enters dozens of new municipal councils",
                "From Genk to Charleroi, factory workers, nurses and tenants’ activists take their seats on a municipal council for the first time.",
                "The local elections gave the party councillors in dozens of municipalities where it had none before. In several working-class districts of Brussels and Liège, it became the second-largest list.\n\n“I’m a welder. I’ll keep welding, and on Monday evenings I’ll be on the council,” says one of the newly elected in Genk.\n\nThe new councillors follow the party’s rule: they live on an average worker’s wage and give the rest of their allowance back to the movement. Their first task: **to bring the neighbourhood’s demands into the council chamber**.",
            ),
        ],
    },
    Story {
        topics: &["elections"],
        days_ago: 191,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Anderlecht: een poetsvrouw en een buschauffeur trekken de lokale lijst",
                "In Kuregem en Peterbos stelt de afdeling haar kandidaten voor de gemeenteraadsverkiezingen voor. Bijna de helft woont in een sociale woning.",
                "Op het plein voor het metrostation stelde de afdeling van Anderlecht gisteren haar lijst voor. Op de eerste plaats: een poetsvrouw van 46 die al tien jaar de huurdersvereniging van haar blok trekt. Op de tweede: een buschauffeur van de MIVB.\n\n“We kennen de trappenhallen, de kapotte liften en de wachtlijsten, want we leven ermee”, zei ze.\n\n## Drie prioriteiten\n\n- de renovatie van de sociale woningen in Peterbos\n- een wijkgezondheidscentrum in Kuregem\n- gratis schoolmaaltijden in het lager onderwijs",
            ),
            (
                "fr",
                "Anderlecht : une nettoyeuse et un chauffeur de bus emmènent la liste locale",
                "À Cureghem et au Peterbos, la section présente ses candidats aux élections communales. Près de la moitié vit dans un logement social.",
                "Sur la place devant la station de métro, la section d’Anderlecht a présenté hier sa liste. En tête : une nettoyeuse de 46 ans qui anime depuis dix ans l’association des locataires de son immeuble. En deuxième place : un chauffeur de bus de la STIB.\n\n« Nous connaissons les cages d’escalier, les ascenseurs en panne et les listes d’attente, parce que nous vivons avec », a-t-elle déclaré.\n\n## Trois priorités\n\n- la rénovation des logements sociaux du Peterbos\n- une maison médicale de quartier à Cureghem\n- des repas scolaires gratuits dans l’enseignement primaire",
            ),
        ],
    },
    Story {
        topics: &["palestine"],
        days_ago: 198,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Wapenembargo: gewestregeringen tekenen nog altijd uitvoervergunningen",
                "In België gemaakte onderdelen bereiken Israël nog steeds via derde landen. De partij wil dat de vergunningen worden nagekeken en geweigerd.",
                "Officieel voert België geen wapens meer rechtstreeks uit naar Israël. Maar de gewestregeringen, die de uitvoervergunningen toekennen, keuren nog altijd zendingen goed van onderdelen en munitiecomponenten die via andere landen in Israëlische wapens kunnen belanden.\n\nHet Wapenhandelsverdrag, dat België geratificeerd heeft, verbiedt leveringen als er een duidelijk risico is dat ze voor oorlogsmisdaden worden gebruikt.\n\n## De partij eist\n\n- een onmiddellijke doorlichting van alle vergunningen met Israël als eindgebruiker of eindbestemming\n- een verbod op doorvoer van militaire goederen via Belgische havens en luchthavens\n- een einde aan de militaire samenwerking met Israëlische bedrijven",
            ),
            (
                "fr",
                "Embargo sur les armes : les gouvernements régionaux signent toujours des licences d’exportation",
                "Des composants fabriqués en Belgique continuent d’arriver en Israël via des pays tiers. Le parti veut que les licences soient contrôlées et refusées.",
                "Officiellement, la Belgique n’exporte plus d’armes directement vers Israël. Mais les gouvernements régionaux, qui délivrent les licences d’exportation, approuvent encore des envois de composants et de pièces de munitions qui peuvent finir dans des armes israéliennes en passant par d’autres pays.\n\nLe traité sur le commerce des armes, que la Belgique a ratifié, interdit les transferts lorsqu’il existe un risque manifeste qu’ils servent à commettre des crimes de guerre.\n\n## Le parti exige\n\n- un réexamen immédiat de toutes les licences dont Israël est l’utilisateur ou la destination finale\n- l’interdiction du transit de matériel militaire par les ports et aéroports belges\n- la fin de la coopération militaire avec les entreprises israéliennes",
            ),
            (
                "de",
                "Waffenembargo: Regionalregierungen unterzeichnen weiterhin Exportlizenzen",
                "In Belgien hergestellte Bauteile gelangen über Drittländer weiterhin nach Israel. Die Partei will, dass die Lizenzen überprüft und verweigert werden.",
                "Offiziell exportiert Belgien keine Waffen mehr direkt nach Israel. Doch die Regionalregierungen, die die Exportlizenzen erteilen, genehmigen weiterhin Lieferungen von Bauteilen und Munitionskomponenten, die über andere Länder in israelischen Waffen landen können.\n\nDer Vertrag über den Waffenhandel, den Belgien ratifiziert hat, verbietet Lieferungen, wenn ein eindeutiges Risiko besteht, dass sie für Kriegsverbrechen verwendet werden.\n\n## Die Partei fordert\n\n- eine sofortige Überprüfung aller Lizenzen mit Israel als Endverwender oder Endbestimmung\n- ein Verbot der Durchfuhr von Militärgütern über belgische Häfen und Flughäfen\n- ein Ende der militärischen Zusammenarbeit mit israelischen Unternehmen",
            ),
            (
                "en",
                "Arms embargo: regional governments still sign export licences",
                "Components made in Belgium still reach Israel through third countries. The party wants the licences checked and refused.",
                "Officially, Belgium no longer exports weapons directly to Israel. But the regional governments, which grant export licences, still approve shipments of components and ammunition parts that can end up in Israeli weapons by way of other countries.\n\nThe Arms Trade Treaty, which Belgium has ratified, forbids transfers when there is a clear risk that they will be used to commit war crimes.\n\n## The party demands\n\n- an immediate review of all licences with Israel as end user or final destination\n- a ban on the transit of military goods through Belgian ports and airports\n- an end to military cooperation with Israeli companies",
            ),
        ],
    },
    Story {
        topics: &["women"],
        days_ago: 205,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Kinderopvang: “We hebben plaatsen nodig, geen wachtlijsten”",
                "In veel gemeenten wachten ouders meer dan een jaar op een plaats in de crèche. Het zijn vooral moeders die daardoor minder gaan werken.",
                "Wie zwanger is, schrijft zich best meteen in. Zelfs dan is een plaats niet zeker. In sommige Brusselse gemeenten is er maar één plaats voor drie kinderen jonger dan drie jaar.\n\n“Ik heb mijn contract moeten terugbrengen naar halftijds. Mijn man verdient meer, dus was de keuze snel gemaakt”, vertelt een kassierster uit Sint-Jans-Molenbeek.\n\nHet vrouwenplatform van de partij eist **openbare kinderopvang met een plaats voor elk kind**, een prijs volgens inkomen en betere lonen voor de kinderbegeleiders.",
            ),
            (
                "fr",
                "Crèches : « Il nous faut des places, pas des listes d’attente »",
                "Dans de nombreuses communes, les parents attendent plus d’un an une place en crèche. Ce sont surtout les mères qui réduisent alors leur temps de travail.",
                "Mieux vaut s’inscrire dès le début de la grossesse. Même alors, une place n’est pas garantie. Dans certaines communes bruxelloises, il n’y a qu’une place pour trois enfants de moins de trois ans.\n\n« J’ai dû passer à mi-temps. Mon mari gagne plus, alors le choix a vite été fait », raconte une caissière de Molenbeek-Saint-Jean.\n\nLa plateforme des femmes du parti exige **un accueil public de la petite enfance avec une place pour chaque enfant**, un prix selon les revenus et de meilleurs salaires pour les puéricultrices.",
            ),
        ],
    },
    Story {
        topics: &["housing"],
        days_ago: 212,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Brussel: wachtlijst voor een sociale woning passeert 50.000 gezinnen",
                "Wie vandaag een aanvraag indient, wacht gemiddeld meer dan tien jaar. Intussen betalen die gezinnen een steeds groter deel van hun inkomen aan private huur.",
                "De wachtlijst voor een sociale woning in het Brussels Gewest telt voor het eerst meer dan 50.000 gezinnen. Dat zijn meer gezinnen dan Etterbeek inwoners telt.\n\nIntussen bouwt het Gewest elk jaar maar enkele honderden nieuwe sociale woningen. “Mijn aanvraag dateert van toen mijn dochter geboren werd. Ze is nu twaalf”, zegt een alleenstaande vader uit Laken.\n\nDe Brusselse afdelingen vragen een **noodplan**: leegstaande kantoren ombouwen tot woningen en een bouwprogramma dat de wachtlijst binnen tien jaar wegwerkt.",
            ),
            (
                "fr",
                "Bruxelles : la liste d’attente pour un logement social dépasse 50 000 ménages",
                "Qui dépose une demande aujourd’hui attend en moyenne plus de dix ans. Pendant ce temps, ces ménages consacrent une part toujours plus grande de leurs revenus à un loyer privé.",
                "La liste d’attente pour un logement social en Région bruxelloise compte pour la première fois plus de 50 000 ménages. C’est plus de ménages qu’Etterbeek ne compte d’habitants.\n\nPendant ce temps, la Région ne construit que quelques centaines de nouveaux logements sociaux par an. « J’ai fait ma demande à la naissance de ma fille. Elle a douze ans aujourd’hui », raconte un père seul de Laeken.\n\nLes sections bruxelloises réclament un **plan d’urgence** : la transformation des bureaux vides en logements et un programme de construction qui résorbe la liste d’attente en dix ans.",
            ),
        ],
    },
    Story {
        topics: &["climate", "housing"],
        days_ago: 219,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Een publiek plan om volkswijken straat per straat te isoleren",
                "België heeft een van de oudste en slechtst geïsoleerde woningbestanden van Europa. Wie erin woont, kan een renovatie het minst betalen.",
                "Een slecht geïsoleerd huis verwarmen kost een gezin elk jaar honderden euro’s meer, en het is goed voor een groot deel van de Belgische uitstoot. Toch gaan renovatiepremies vooral naar eigenaars die het geld kunnen voorschieten.\n\n“Ik huur. Mijn huisbaas wil het enkel glas niet vervangen, en ik betaal voor de warmte die door het raam verdwijnt”, zegt een moeder van drie in Seraing.\n\nDe partij stelt een **publieke renovatiedienst** voor die hele straten tegelijk isoleert, te beginnen in de volkswijken, en waarbij de huur achteraf niet mag stijgen. [Lees het plan](https://example.org/climate/renovation).",
            ),
            (
                "fr",
                "Un plan public pour isoler les quartiers populaires rue par rue",
                "La Belgique possède l’un des parcs de logements les plus anciens et les moins bien isolés d’Europe. Ceux qui y vivent sont les moins à même de payer une rénovation.",
                "Chauffer une maison mal isolée coûte à une famille des centaines d’euros de plus chaque année, et cela représente une grande partie des émissions belges. Pourtant, les primes à la rénovation vont surtout aux propriétaires qui peuvent avancer l’argent.\n\n« Je suis locataire. Mon propriétaire refuse de remplacer le simple vitrage, et je paie la chaleur qui s’échappe par la fenêtre », dit une mère de trois enfants à Seraing.\n\nLe parti propose un **service public de rénovation** qui isole des rues entières d’un coup, en commençant par les quartiers populaires, sans que les loyers puissent augmenter ensuite. [Lire le plan](https://example.org/climate/renovation).",
            ),
            (
                "de",
                "Ein öffentlicher Plan, um Arbeiterviertel Straße für Straße zu dämmen",
                "Belgien hat einen der ältesten und am schlechtesten gedämmten Wohnungsbestände Europas. Wer darin wohnt, kann sich eine Sanierung am wenigsten leisten.",
                "Ein schlecht gedämmtes Haus zu heizen kostet eine Familie jedes Jahr Hunderte Euro mehr, und es verursacht einen großen Teil der belgischen Emissionen. Trotzdem gehen Sanierungsprämien vor allem an Eigentümer, die das Geld vorstrecken können.\n\n„Ich bin Mieterin. Mein Vermieter will die Einfachverglasung nicht ersetzen, und ich bezahle die Wärme, die durchs Fenster entweicht“, sagt eine Mutter von drei Kindern in Seraing.\n\nDie Partei schlägt einen **öffentlichen Sanierungsdienst** vor, der ganze Straßen auf einmal dämmt, beginnend in den Arbeitervierteln, und bei dem die Mieten danach nicht steigen dürfen. [Den Plan lesen](https://example.org/climate/renovation).",
            ),
            (
                "en",
                "A public plan to insulate working-class neighbourhoods street by street",
                "Belgium has some of the oldest and worst-insulated housing in Europe. The people who live in it can least afford to renovate it.",
                "Heating a badly insulated house costs a family hundreds of euros more every year, and it accounts for a large share of Belgium’s emissions. Yet renovation grants mostly go to owners who can advance the money.\n\n“I rent. My landlord won’t replace the single glazing, and I pay for the heat that escapes through the window,” says a mother of three in Seraing.\n\nThe party proposes a **public renovation service** that insulates whole streets at once, starting in working-class neighbourhoods, with rents that may not rise afterwards. [Read the plan](https://example.org/climate/renovation).",
            ),
        ],
    },
    Story {
        topics: &["farmers"],
        days_ago: 226,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Handelsakkoord met Zuid-Amerika: “Boeren aan beide kanten van de oceaan verliezen”",
                "Belgische boeren vrezen goedkope invoer die onder zwakkere regels geproduceerd wordt. Kleine boeren in Zuid-Amerika vrezen dat ze van hun land worden verdreven.",
                "Het handelsakkoord tussen de Europese Unie en de Mercosur-landen zou de Europese markt openen voor meer rundvlees, gevogelte en suiker uit Zuid-Amerika, in ruil voor de uitvoer van auto’s en chemicaliën.\n\n“Elk jaar moeten we aan strengere regels voldoen. En dan voeren ze vlees in dat zonder die regels geproduceerd is”, zegt een veehouder uit de Ardennen. In Brazilië drijft hetzelfde akkoord de uitbreiding van enorme landbouwdomeinen in het woud aan.\n\nDe partij verwerpt het akkoord en vraagt handelsregels die **het inkomen van boeren, de rechten van werknemers en het klimaat** beschermen, niet de winsten van de agro-industrie.",
            ),
            (
                "fr",
                "Accord commercial avec l’Amérique du Sud : « Les agriculteurs des deux côtés de l’océan y perdent »",
                "Les agriculteurs belges craignent des importations bon marché produites selon des règles moins strictes. Les petits paysans d’Amérique du Sud craignent d’être chassés de leurs terres.",
                "L’accord commercial entre l’Union européenne et les pays du Mercosur ouvrirait le marché européen à davantage de bœuf, de volaille et de sucre sud-américains, en échange d’exportations de voitures et de produits chimiques.\n\n« Chaque année, on nous impose des règles plus strictes. Et puis on importe de la viande produite sans elles », dit un éleveur ardennais. Au Brésil, le même accord alimente l’expansion d’immenses domaines agricoles dans la forêt.\n\nLe parti rejette l’accord et demande des règles commerciales qui protègent **le revenu des agriculteurs, les droits des travailleurs et le climat**, et non les profits de l’agro-industrie.",
            ),
            (
                "de",
                "Handelsabkommen mit Südamerika: „Die Landwirte auf beiden Seiten des Ozeans verlieren“",
                "Belgische Landwirte fürchten billige Importe, die unter schwächeren Regeln erzeugt werden. Kleinbauern in Südamerika fürchten, von ihrem Land vertrieben zu werden.",
                "Das Handelsabkommen zwischen der Europäischen Union und den Mercosur-Staaten würde den europäischen Markt für mehr Rindfleisch, Geflügel und Zucker aus Südamerika öffnen, im Austausch für Exporte von Autos und Chemikalien.\n\n„Jedes Jahr sollen wir strengere Regeln erfüllen. Dann wird Fleisch importiert, das ohne diese Regeln erzeugt wurde“, sagt ein Viehzüchter aus den Ardennen. In Brasilien treibt dasselbe Abkommen die Ausdehnung riesiger Landgüter in den Wald voran.\n\nDie Partei lehnt das Abkommen ab und fordert Handelsregeln, die **das Einkommen der Landwirte, die Rechte der Beschäftigten und das Klima** schützen, nicht die Gewinne der Agrarindustrie.",
            ),
            (
                "en",
                "Trade deal with South America: “Farmers on both sides of the ocean lose”",
                "Belgian farmers fear cheap imports produced under weaker rules. Small farmers in South America fear being driven off their land.",
                "The trade agreement between the European Union and the Mercosur countries would open the European market to more beef, poultry and sugar from South America, in exchange for exports of cars and chemicals.\n\n“Every year we have to meet stricter rules. Then they import meat produced without them,” says a livestock farmer from the Ardennes. In Brazil, the same agreement drives the expansion of huge estates into the forest.\n\nThe party rejects the deal and calls for trade rules that protect **farmers’ incomes, workers’ rights and the climate**, not the profits of agribusiness.",
            ),
        ],
    },
    Story {
        topics: &["unions"],
        days_ago: 233,
        about: About::Nothing,
        texts: &[(
            "nl",
            "Gentse haven: vakbond dwingt vaste contracten af voor uitzendkrachten",
            "Na twee weken acties krijgen 85 uitzendkrachten bij een staalverwerker in de Gentse haven een vast contract.",
            "Sommigen werkten al vijf jaar met dagcontracten bij hetzelfde bedrijf. Elke avond wachtten ze op een sms om te weten of ze de volgende dag mochten komen.\n\n“Met een dagcontract krijg je geen lening en geen huurwoning”, zegt een van hen, vader van twee. “Nu kan ik eindelijk plannen maken.”\n\nDe vakbondsdelegatie kreeg de steun van de vaste collega’s, die twee keer het werk neerlegden. De partijafdeling in de haven hielp met een petitie en een solidariteitsfonds. **Vanaf volgende maand** staan de 85 namen op de vaste loonlijst.",
        )],
    },
    Story {
        topics: &["healthcare"],
        days_ago: 240,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Geestelijke gezondheid: maandenlang wachten op een psycholoog",
                "Jongeren en langdurig zieke werknemers wachten tot een jaar op zorg. Terugbetaalde sessies bestaan, maar er zijn er lang niet genoeg.",
                "Het aantal langdurig zieken door burn-out en depressie blijft stijgen. Toch loopt de wachttijd voor een psycholoog met terugbetaalde sessies in veel regio’s op tot zes maanden of meer.\n\n“Als een tiener eindelijk een afspraak krijgt, is de crisis vaak al voorbij of uit de hand gelopen”, zegt een psycholoog in een centrum voor geestelijke gezondheidszorg in Oostende.\n\n## Wat zou helpen\n\n- meer eerstelijnspsychologen, gratis voor de patiënt\n- centra voor geestelijke gezondheidszorg in elke wijk\n- de oorzaken op het werk aanpakken: werkdruk, ploegendiensten en onzekerheid",
            ),
            (
                "fr",
                "Santé mentale : des mois d’attente pour voir un psychologue",
                "Jeunes et travailleurs en maladie de longue durée attendent jusqu’à un an pour être soignés. Des séances remboursées existent, mais elles sont loin d’être assez nombreuses.",
                "Le nombre de malades de longue durée pour burn-out et dépression ne cesse d’augmenter. Pourtant, dans de nombreuses régions, l’attente pour un psychologue avec séances remboursées atteint six mois ou plus.\n\n« Quand un adolescent obtient enfin un rendez-vous, la crise est souvent déjà passée, ou a dégénéré », explique un psychologue d’un service de santé mentale à Ostende.\n\n## Ce qui aiderait\n\n- plus de psychologues de première ligne, gratuits pour le patient\n- des services de santé mentale dans chaque quartier\n- s’attaquer aux causes au travail : charge de travail, horaires décalés et précarité",
            ),
            (
                "de",
                "Psychische Gesundheit: monatelanges Warten auf einen Psychologen",
                "Junge Menschen und langzeitkranke Beschäftigte warten bis zu einem Jahr auf Behandlung. Erstattete Sitzungen gibt es, aber bei Weitem nicht genug.",
                "Die Zahl der Langzeitkranken wegen Burn-out und Depression steigt weiter. Dennoch beträgt die Wartezeit für einen Psychologen mit erstatteten Sitzungen in vielen Regionen sechs Monate oder mehr.\n\n„Wenn ein Jugendlicher endlich einen Termin bekommt, ist die Krise oft schon vorbei oder eskaliert“, sagt ein Psychologe in einem Zentrum für psychische Gesundheit in Ostende.\n\n## Was helfen würde\n\n- mehr Psychologen in der Erstversorgung, kostenlos für die Patienten\n- Zentren für psychische Gesundheit in jedem Viertel\n- die Ursachen am Arbeitsplatz angehen: Arbeitsdruck, Schichtarbeit und Unsicherheit",
            ),
            (
                "en",
                "Mental health: months of waiting for a psychologist",
                "Young people and workers on long-term sick leave wait up to a year for care. Reimbursed sessions exist, but there are not nearly enough of them.",
                "The number of people on long-term sick leave for burnout and depression keeps rising. Yet in many regions, the wait for a psychologist with reimbursed sessions runs to six months or more.\n\n“When a teenager finally gets an appointment, the crisis has often already passed, or got out of hand,” says a psychologist at a mental health centre in Ostend.\n\n## What would help\n\n- more psychologists in first-line care, free for the patient\n- mental health centres in every neighbourhood\n- tackling the causes at work: workload, shifts and insecurity",
            ),
        ],
    },
    Story {
        topics: &["women"],
        days_ago: 247,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Duizenden betogen in Brussel tegen geweld op vrouwen",
                "Families van slachtoffers liepen vooraan. De betogers eisen de agenten, opvangplaatsen en rechters die nodig zijn om de nieuwe wet op femicide echt toe te passen.",
                "Achter een spandoek met de voornamen van de vrouwen die dit jaar werden vermoord, liepen duizenden mensen door het centrum van Brussel. Onder hen veel jongeren, vakbondsdelegaties en wijkcollectieven.\n\nBelgië heeft intussen een wet op femicide, maar opvangcentra moeten nog altijd vrouwen weigeren wegens plaatsgebrek. “Mijn zus heeft drie keer om hulp gevraagd”, zegt een vrouw uit Verviers, wier zus door haar ex-partner werd gedood.\n\nHet vrouwenplatform van de partij eist **een opvangplaats voor elke vrouw die er een nodig heeft**, gespecialiseerde politie-eenheden in elke zone en een opleiding voor elke rechter die zulke zaken behandelt.",
            ),
            (
                "fr",
                "Des milliers de personnes marchent à Bruxelles contre les violences faites aux femmes",
                "Les familles des victimes marchaient en tête. Les manifestants réclament les policiers, les places d’accueil et les juges nécessaires pour appliquer vraiment la nouvelle loi sur le féminicide.",
                "Derrière une banderole portant les prénoms des femmes tuées cette année, des milliers de personnes ont traversé le centre de Bruxelles. Parmi elles, beaucoup de jeunes, des délégations syndicales et des collectifs de quartier.\n\nLa Belgique dispose désormais d’une loi sur le féminicide, mais les centres d’hébergement doivent encore refuser des femmes faute de places. « Ma sœur a demandé de l’aide trois fois », raconte une femme de Verviers dont la sœur a été tuée par son ex-compagnon.\n\nLa plateforme des femmes du parti exige **une place d’accueil pour chaque femme qui en a besoin**, des unités de police spécialisées dans chaque zone et une formation pour chaque juge qui traite ces affaires.",
            ),
            (
                "de",
                "Tausende demonstrieren in Brüssel gegen Gewalt an Frauen",
                "Angehörige von Opfern gingen an der Spitze. Die Demonstrierenden fordern die Polizisten, Schutzplätze und Richter, die nötig sind, um das neue Gesetz gegen Femizide wirklich anzuwenden.",
                "Hinter einem Transparent mit den Vornamen der Frauen, die in diesem Jahr getötet wurden, zogen Tausende Menschen durch die Brüsseler Innenstadt. Darunter waren viele junge Menschen, Gewerkschaftsdelegationen und Nachbarschaftskollektive.\n\nBelgien hat inzwischen ein Gesetz gegen Femizide, doch Frauenhäuser müssen noch immer Frauen aus Platzmangel abweisen. „Meine Schwester hat dreimal um Hilfe gebeten“, sagt eine Frau aus Verviers, deren Schwester von ihrem Ex-Partner getötet wurde.\n\nDie Frauenplattform der Partei fordert **einen Schutzplatz für jede Frau, die einen braucht**, spezialisierte Polizeieinheiten in jeder Zone und eine Schulung für jeden Richter, der solche Fälle behandelt.",
            ),
            (
                "en",
                "Thousands march in Brussels against violence against women",
                "Families of victims walked at the front. Marchers demand the police officers, shelter places and judges needed to really apply the new law on femicide.",
                "Behind a banner with the first names of the women killed this year, thousands of people walked through the centre of Brussels. Among them were many young people, union delegations and neighbourhood collectives.\n\nBelgium now has a law on femicide, but shelters still have to turn women away for lack of places. “My sister asked for help three times,” says a woman from Verviers whose sister was killed by her ex-partner.\n\nThe party’s women’s platform demands **a shelter place for every woman who needs one**, specialised police units in every zone and training for every judge who handles these cases.",
            ),
        ],
    },
    Story {
        topics: &["palestine"],
        days_ago: 254,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Tienduizenden betogen in Brussel: “Staakt-het-vuren, nu”",
                "Vakbonden, studenten, geloofsgemeenschappen en gezinnen uit het hele land eisen dat België handelt, en niet alleen praat.",
                "Het was een van de grootste betogingen die Brussel in jaren zag. De treinen uit Luik, Antwerpen en Charleroi zaten al vroeg in de ochtend vol.\n\nDe betogers brachten drie eisen naar de federale regering: een **onmiddellijk en duurzaam staakt-het-vuren**, een volledig militair embargo tegen Israël en steun voor de zaak bij het Internationaal Gerechtshof.\n\n“Mijn grootouders betoogden tegen de apartheid in Zuid-Afrika. Vandaag is het mijn beurt”, zegt een student uit Leuven. De afdelingen van de partij legden bussen in vanuit meer dan veertig gemeenten.",
            ),
            (
                "fr",
                "Des dizaines de milliers de manifestants à Bruxelles : « Cessez-le-feu maintenant »",
                "Syndicats, étudiants, communautés religieuses et familles venus de tout le pays exigent que la Belgique agisse, et pas seulement qu’elle parle.",
                "C’était l’une des plus grandes manifestations que Bruxelles ait connues depuis des années. Les trains venant de Liège, d’Anvers et de Charleroi étaient pleins dès le petit matin.\n\nLes manifestants ont porté trois revendications au gouvernement fédéral : un **cessez-le-feu immédiat et durable**, un embargo militaire complet contre Israël et le soutien à la procédure devant la Cour internationale de justice.\n\n« Mes grands-parents ont manifesté contre l’apartheid en Afrique du Sud. Aujourd’hui, c’est mon tour », dit un étudiant de Louvain. Les sections du parti ont affrété des bus depuis plus de quarante communes.",
            ),
            (
                "de",
                "Zehntausende demonstrieren in Brüssel: „Waffenstillstand jetzt“",
                "Gewerkschaften, Studierende, Religionsgemeinschaften und Familien aus dem ganzen Land fordern, dass Belgien handelt und nicht nur redet.",
                "Es war eine der größten Demonstrationen, die Brüssel seit Jahren erlebt hat. Die Züge aus Lüttich, Antwerpen und Charleroi waren schon am frühen Morgen voll.\n\nDie Demonstrierenden trugen drei Forderungen an die Föderalregierung heran: einen **sofortigen und dauerhaften Waffenstillstand**, ein vollständiges Militärembargo gegen Israel und die Unterstützung des Verfahrens vor dem Internationalen Gerichtshof.\n\n„Meine Großeltern sind gegen die Apartheid in Südafrika auf die Straße gegangen. Heute bin ich an der Reihe“, sagt ein Student aus Löwen. Die Sektionen der Partei organisierten Busse aus mehr als vierzig Gemeinden.",
            ),
            (
                "en",
                "Tens of thousands march in Brussels: “Ceasefire now”",
                "Unions, students, religious communities and families from across the country demand that Belgium act, not just talk.",
                "It was one of the largest demonstrations Brussels has seen in years. Trains from Liège, Antwerp and Charleroi were full from early morning.\n\nThe marchers took three demands to the federal government: an **immediate and lasting ceasefire**, a full military embargo on Israel and support for the case before the International Court of Justice.\n\n“My grandparents marched against apartheid in South Africa. Today it’s my turn,” says a student from Leuven. The party’s sections laid on buses from more than forty municipalities.",
            ),
        ],
    },
    Story {
        topics: &["climate"],
        days_ago: 261,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Vesdervallei: jaren na de overstromingen wachten slachtoffers nog op herstel",
                "In Pepinster en Verviers wonen nog gezinnen in huizen die nooit volledig hersteld zijn. Verzekeraars en overheden schuiven de verantwoordelijkheid naar elkaar door.",
                "De overstromingen van de zomer van 2021 kostten in de Vesdervallei tientallen mensenlevens en vernielden duizenden woningen. Nog altijd staan er huizen leeg, met de sporen van het water op de muren.\n\n“Mijn verzekering betaalde een deel, het gewest beloofde de rest. Ik wacht nog altijd”, vertelt een gepensioneerde arbeider uit Pepinster.\n\nDe partij vraagt een **openbaar herstelfonds** dat snel uitbetaalt, en een plan om de rivierdalen aan te passen aan het klimaat, betaald door de grootste vervuilers en niet door de slachtoffers.",
            ),
            (
                "fr",
                "Vallée de la Vesdre : des années après les inondations, des sinistrés attendent toujours",
                "À Pepinster et à Verviers, des familles vivent encore dans des maisons jamais entièrement remises en état. Assureurs et pouvoirs publics se renvoient la responsabilité.",
                "Les inondations de l’été 2021 ont coûté la vie à des dizaines de personnes dans la vallée de la Vesdre et détruit des milliers de logements. Des maisons sont encore vides, avec la trace de l’eau sur les murs.\n\n« Mon assurance a payé une partie, la Région a promis le reste. J’attends toujours », raconte un ouvrier pensionné de Pepinster.\n\nLe parti demande un **fonds public de reconstruction** qui paie rapidement, et un plan d’adaptation au climat pour les vallées, financé par les plus gros pollueurs et non par les sinistrés.",
            ),
        ],
    },
    Story {
        topics: &["palestine"],
        days_ago: 268,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Metaalarbeiders vragen hun pensioenfonds om uit de bezetting te stappen",
                "Een sectoraal pensioenfonds heeft aandelen in bedrijven die de VN oplijst voor hun activiteiten in illegale nederzettingen. Delegees verzamelden duizenden handtekeningen om het geld terug te trekken.",
                "Het aanvullend pensioen van tienduizenden metaalarbeiders wordt beheerd door een sectoraal fonds. Uit het jaarverslag blijken beleggingen in verschillende bedrijven uit de databank van de Verenigde Naties van firma’s die actief zijn in de nederzettingen.\n\n“Het is ons geld. We willen niet dat ons pensioen afhangt van de bezetting van andermans land”, zegt een delegee in een fabriek van auto-onderdelen in Gosselies.\n\nDe vakbondsafgevaardigden verzamelden meer dan 6.000 handtekeningen. Ze vragen van het fonds:\n\n- de verkoop van die aandelen binnen het jaar\n- de openbaarmaking van al zijn beleggingen\n- bindende criteria inzake mensenrechten",
            ),
            (
                "fr",
                "Les métallos demandent à leur fonds de pension de désinvestir de l’occupation",
                "Un fonds de pension sectoriel détient des actions d’entreprises répertoriées par l’ONU pour leurs activités dans les colonies illégales. Des délégués ont récolté des milliers de signatures pour retirer cet argent.",
                "La pension complémentaire de dizaines de milliers de métallos est gérée par un fonds sectoriel. Son rapport annuel révèle des placements dans plusieurs entreprises figurant dans la base de données des Nations unies des sociétés actives dans les colonies.\n\n« C’est notre argent. Nous ne voulons pas que nos pensions dépendent de l’occupation de la terre des autres », dit un délégué d’une usine de pièces automobiles à Gosselies.\n\nLes délégués syndicaux ont récolté plus de 6 000 signatures. Ils demandent au fonds :\n\n- la vente de ces actions d’ici un an\n- la publication de tous ses placements\n- des critères contraignants en matière de droits humains",
            ),
            (
                "de",
                "Metallarbeiter fordern ihren Pensionsfonds auf, sich aus der Besatzung zurückzuziehen",
                "Ein Branchenpensionsfonds hält Aktien von Unternehmen, die die UNO wegen ihrer Tätigkeit in illegalen Siedlungen aufführt. Delegierte haben Tausende Unterschriften gesammelt, um das Geld abzuziehen.",
                "Die Zusatzrente von Zehntausenden Metallarbeitern wird von einem Branchenfonds verwaltet. Sein Jahresbericht weist Anlagen in mehreren Unternehmen aus, die in der Datenbank der Vereinten Nationen über in den Siedlungen tätige Firmen stehen.\n\n„Es ist unser Geld. Wir wollen nicht, dass unsere Renten von der Besetzung fremden Landes abhängen“, sagt ein Delegierter in einem Autoteilewerk in Gosselies.\n\nDie Gewerkschaftsdelegierten haben mehr als 6.000 Unterschriften gesammelt. Sie fordern vom Fonds:\n\n- den Verkauf dieser Aktien innerhalb eines Jahres\n- die Offenlegung aller seiner Anlagen\n- verbindliche Menschenrechtskriterien",
            ),
            (
                "en",
                "Metalworkers ask their pension fund to pull out of the occupation",
                "A sector pension fund holds shares in companies listed by the UN for their activities in illegal settlements. Delegates have collected thousands of signatures to withdraw the money.",
                "The supplementary pension of tens of thousands of metalworkers is managed by a sector fund. Its annual report shows investments in several companies that appear in the United Nations database of firms active in the settlements.\n\n“It’s our money. We don’t want our pensions to depend on the occupation of other people’s land,” says a delegate at a car parts factory in Gosselies.\n\nThe union delegates have collected more than 6,000 signatures. They ask the fund for:\n\n- the sale of these shares within a year\n- the publication of all its investments\n- binding human rights criteria",
            ),
        ],
    },
    Story {
        topics: &["unions"],
        days_ago: 275,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Supermarktpersoneel staakt tegen verzelfstandiging: “Ze verkopen de winkels, en ons erbij”",
                "Een grote winkelketen wil haar winkels overdragen aan zelfstandige uitbaters. Het personeel vreest lagere lonen, langere dagen en zondagswerk.",
                "Tientallen supermarkten bleven dicht toen het personeel het werk neerlegde tegen het plan om alle eigen winkels te verzelfstandigen. Bij een zelfstandige uitbater vallen werknemers onder een ander paritair comité, met lagere lonen en minder rechten.\n\n“Ik zit al 22 jaar aan de kassa. Morgen is mijn baas misschien een firma met drie winkels en geen enkele vakbondsafgevaardigde”, zegt een kassierster in Luik.\n\nDe partij steunt de stakers en stelt een wet voor die **de lonen en arbeidsvoorwaarden behoudt wanneer een winkel verzelfstandigd wordt**. [Teken de steunboodschap](https://example.org/unions/franchise).",
            ),
            (
                "fr",
                "Grève dans les supermarchés contre la franchise : « Ils vendent les magasins, et nous avec »",
                "Une grande chaîne de distribution veut céder ses magasins à des exploitants indépendants. Le personnel craint des salaires plus bas, des journées plus longues et le travail du dimanche.",
                "Des dizaines de supermarchés sont restés fermés lorsque le personnel a arrêté le travail contre le projet de franchiser tous les magasins intégrés. Chez un franchisé, les travailleurs relèvent d’une autre commission paritaire, avec des salaires plus bas et moins de droits.\n\n« Je suis à la caisse depuis 22 ans. Demain, mon patron sera peut-être une société avec trois magasins et aucun délégué syndical », dit une caissière à Liège.\n\nLe parti soutient les grévistes et propose une loi qui **maintient les salaires et les conditions de travail lorsqu’un magasin est franchisé**. [Signez le message de soutien](https://example.org/unions/franchise).",
            ),
            (
                "de",
                "Supermarktbeschäftigte streiken gegen Franchising: „Sie verkaufen die Filialen und uns gleich mit“",
                "Eine große Handelskette will ihre Filialen an selbstständige Betreiber abgeben. Die Beschäftigten fürchten niedrigere Löhne, längere Arbeitstage und Sonntagsarbeit.",
                "Dutzende Supermärkte blieben geschlossen, als das Personal die Arbeit gegen den Plan niederlegte, alle eigenen Filialen in Franchisebetriebe umzuwandeln. Bei einem Franchisenehmer fallen die Beschäftigten unter eine andere paritätische Kommission, mit niedrigeren Löhnen und weniger Rechten.\n\n„Ich sitze seit 22 Jahren an der Kasse. Morgen ist mein Chef vielleicht eine Firma mit drei Filialen und ohne Gewerkschaftsdelegierten“, sagt eine Kassiererin in Lüttich.\n\nDie Partei unterstützt die Streikenden und schlägt ein Gesetz vor, das **Löhne und Arbeitsbedingungen erhält, wenn eine Filiale an einen Franchisenehmer übergeht**. [Die Solidaritätsbotschaft unterzeichnen](https://example.org/unions/franchise).",
            ),
            (
                "en",
                "Supermarket staff strike against franchising: “They are selling the stores, and us with them”",
                "A large retail chain wants to hand its stores over to independent operators. Staff fear lower wages, longer days and Sunday work.",
                "Dozens of supermarkets stayed closed as staff walked out against the plan to franchise every store the chain runs itself. Under a franchisee, workers fall under a different joint committee, with lower wages and fewer rights.\n\n“I’ve been on the checkout for 22 years. Tomorrow my boss might be a company with three stores and not a single union delegate,” says a cashier in Liège.\n\nThe party supports the strikers and proposes a law that **keeps wages and working conditions when a store is franchised**. [Sign the message of support](https://example.org/unions/franchise).",
            ),
        ],
    },
    Story {
        topics: &["elections"],
        days_ago: 282,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Nieuwe federale regering: een akkoord dat werkende mensen laat betalen",
                "Het regeerakkoord belooft miljarden aan besparingen. Het grootste deel komt uit pensioenen, werkloosheidsuitkeringen en openbare diensten, niet uit de grootste fortuinen.",
                "Na maanden onderhandelen heeft de nieuwe federale coalitie haar akkoord voorgesteld. De rechtse en centrumpartijen spraken besparingen van meerdere miljarden euro af.\n\n## Wat erin staat\n\n- langer werken en een pensioenmalus voor wie vroeger stopt\n- werkloosheidsuitkeringen die beperkt worden in de tijd\n- besparingen op openbare diensten en op de groei van de gezondheidszorg\n\nWat er niet in staat: een belasting op de grootste fortuinen. “Ze vonden overal miljarden, behalve waar het geld zit”, zei de woordvoerder van de partij in het parlement. De partij roept haar afdelingen op om het akkoord aan de deur uit te leggen.",
            ),
            (
                "fr",
                "Nouveau gouvernement fédéral : un accord qui fait payer les travailleurs",
                "L’accord de gouvernement promet des milliards d’économies. L’essentiel vient des pensions, des allocations de chômage et des services publics, pas des plus grandes fortunes.",
                "Après des mois de négociations, la nouvelle coalition fédérale a présenté son accord. Les partis de droite et du centre se sont entendus sur des économies de plusieurs milliards d’euros.\n\n## Ce qu’il contient\n\n- une carrière plus longue et un malus de pension pour ceux qui partent plus tôt\n- des allocations de chômage limitées dans le temps\n- des économies dans les services publics et sur la croissance des soins de santé\n\nCe qu’il ne contient pas : une taxe sur les plus grandes fortunes. « Ils ont trouvé des milliards partout, sauf là où se trouve l’argent », a déclaré le porte-parole du parti au parlement. Le parti appelle ses sections à expliquer l’accord en porte-à-porte.",
            ),
            (
                "de",
                "Neue Föderalregierung: ein Abkommen, das die arbeitenden Menschen zahlen lässt",
                "Das Koalitionsabkommen verspricht Einsparungen in Milliardenhöhe. Der größte Teil kommt aus Renten, Arbeitslosengeld und öffentlichen Diensten, nicht von den größten Vermögen.",
                "Nach monatelangen Verhandlungen hat die neue föderale Koalition ihr Abkommen vorgestellt. Die Parteien der Rechten und der Mitte haben sich auf Einsparungen von mehreren Milliarden Euro geeinigt.\n\n## Was drinsteht\n\n- ein längeres Arbeitsleben und ein Rentenabschlag für alle, die früher aufhören\n- ein zeitlich begrenztes Arbeitslosengeld\n- Kürzungen bei den öffentlichen Diensten und beim Wachstum der Gesundheitsausgaben\n\nWas nicht drinsteht: eine Steuer auf die größten Vermögen. „Sie haben überall Milliarden gefunden, außer dort, wo das Geld ist“, sagte der Sprecher der Partei im Parlament. Die Partei ruft ihre Sektionen auf, das Abkommen an der Haustür zu erklären.",
            ),
            (
                "en",
                "New federal government: an agreement that makes working people pay",
                "The coalition agreement promises billions in savings. Most of them come from pensions, unemployment benefits and public services, not from the largest fortunes.",
                "After months of negotiations, the new federal coalition has presented its agreement. The parties of the right and the centre agreed on savings of several billion euros.\n\n## What is in it\n\n- a longer working life and a pension penalty for those who stop earlier\n- unemployment benefits limited in time\n- cuts in public services and in the growth of healthcare spending\n\nWhat is not in it: a tax on the largest fortunes. “They found billions everywhere except where the money is,” said the party’s spokesperson in parliament. The party calls on its sections to explain the agreement door to door.",
            ),
        ],
    },
    Story {
        topics: &["healthcare"],
        days_ago: 289,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Kraamafdelingen bedreigd: “Waar moeten vrouwen nog bevallen?”",
                "Door een nieuwe norm verliezen kraamafdelingen met minder dan 500 bevallingen per jaar hun financiering. Verschillende kleine streekziekenhuizen vrezen voor sluiting.",
                "Voor moeders op het platteland kan de dichtstbijzijnde kraamafdeling binnenkort 45 minuten ver liggen. Een regel over een minimumaantal bevallingen bedreigt verschillende kleine kraamafdelingen in Wallonië en in de Kempen.\n\n“Als de weeën ’s nachts in de winter beginnen, is 45 minuten over gladde wegen heel lang”, zegt een vroedvrouw die al twintig jaar in een streekziekenhuis werkt.\n\nInwoners verzamelden 12.000 handtekeningen. De partij steunt hen en vraagt dat **de kwaliteit gegarandeerd wordt met personeel en middelen, niet door diensten te sluiten**.",
            ),
            (
                "fr",
                "Maternités menacées : « Où les femmes vont-elles accoucher ? »",
                "Selon une nouvelle norme, les maternités qui comptent moins de 500 accouchements par an perdent leur financement. Plusieurs petits hôpitaux régionaux craignent la fermeture.",
                "Pour les mères vivant à la campagne, la maternité la plus proche pourrait bientôt se trouver à 45 minutes. Une règle sur un nombre minimum d’accouchements menace plusieurs petites maternités en Wallonie et en Campine.\n\n« Quand les contractions commencent la nuit en hiver, 45 minutes sur des routes verglacées, c’est très long », dit une sage-femme qui travaille depuis vingt ans dans un hôpital régional.\n\nLes habitants ont récolté 12 000 signatures. Le parti les soutient et demande que **la qualité soit garantie par du personnel et des moyens, pas par la fermeture de services**.",
            ),
            (
                "de",
                "Geburtsstationen bedroht: „Wo sollen Frauen noch entbinden?“",
                "Nach einer neuen Norm verlieren Geburtsstationen mit weniger als 500 Geburten im Jahr ihre Finanzierung. Mehrere kleine Regionalkrankenhäuser fürchten die Schließung.",
                "Für Mütter auf dem Land könnte die nächste Geburtsstation bald 45 Minuten entfernt sein. Eine Regel über eine Mindestzahl von Geburten bedroht mehrere kleine Geburtsstationen in der Wallonie und im Kempenland.\n\n„Wenn die Wehen nachts im Winter einsetzen, sind 45 Minuten auf glatten Straßen sehr lang“, sagt eine Hebamme, die seit zwanzig Jahren in einem Regionalkrankenhaus arbeitet.\n\nDie Einwohner haben 12.000 Unterschriften gesammelt. Die Partei unterstützt sie und fordert, dass **die Qualität durch Personal und Mittel gesichert wird, nicht durch die Schließung von Abteilungen**.",
            ),
            (
                "en",
                "Maternity wards under threat: “Where will women give birth?”",
                "Under a new standard, maternity wards with fewer than 500 births a year lose their funding. Several small regional hospitals fear closure.",
                "For mothers in the countryside, the nearest maternity ward could soon be 45 minutes away. A rule on a minimum number of births threatens several small maternity wards in Wallonia and in the Kempen.\n\n“When contractions start at night in winter, 45 minutes on icy roads is a very long time,” says a midwife who has worked in a regional hospital for twenty years.\n\nResidents have collected 12,000 signatures. The party supports them and asks that **quality be guaranteed with staff and funding, not by closing services**.",
            ),
        ],
    },
    Story {
        topics: &["women"],
        days_ago: 296,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Huishoudhulpen met dienstencheques: “Op ons vijftigste is ons lichaam versleten”",
                "Meer dan 100.000 mensen, bijna allemaal vrouwen, poetsen bij klanten thuis via het systeem van de dienstencheques. Velen kunnen het werk al lang voor hun pensioen niet meer aan.",
                "Ze poetsen meerdere huizen per dag, verplaatsen zich onbetaald tussen klanten en werken vaak deeltijds, omdat voltijds fysiek onmogelijk is. De dienstencheques schiepen banen, maar ze verslijten de vrouwen die het werk doen.\n\n“Mijn schouders en knieën zijn op. Mijn dokter zegt dat ik moet stoppen, maar met een deeltijds loon heb ik niets om op terug te vallen”, zegt een huishoudhulp uit Aalst, 54 jaar.\n\n## Wat ze eisen\n\n- verplaatsingstijd tussen klanten die als arbeidstijd meetelt\n- het recht om vroeger te stoppen zonder pensioenverlies\n- een loon waarvan je met een deeltijdse job kunt leven",
            ),
            (
                "fr",
                "Aides ménagères titres-services : « À cinquante ans, nos corps sont usés »",
                "Plus de 100 000 personnes, presque toutes des femmes, font le ménage chez des particuliers grâce au système des titres-services. Beaucoup ne peuvent plus faire ce travail bien avant leur pension.",
                "Elles nettoient plusieurs maisons par jour, se déplacent entre les clients sans être payées et travaillent souvent à temps partiel, parce qu’un temps plein est physiquement impossible. Les titres-services ont créé des emplois, mais ils usent les femmes qui les occupent.\n\n« Mes épaules et mes genoux sont finis. Mon médecin me dit d’arrêter, mais avec un salaire à temps partiel, je n’ai aucun filet de sécurité », raconte une aide ménagère d’Alost, 54 ans.\n\n## Ce qu’elles exigent\n\n- que le temps de déplacement entre clients compte comme temps de travail\n- le droit d’arrêter plus tôt sans perte de pension\n- un salaire qui permette de vivre d’un emploi à temps partiel",
            ),
            (
                "de",
                "Haushaltshilfen mit Dienstleistungsschecks: „Mit fünfzig ist unser Körper verschlissen“",
                "Mehr als 100.000 Menschen, fast ausschließlich Frauen, putzen über das System der Dienstleistungsschecks in Privathaushalten. Viele können die Arbeit lange vor der Rente nicht mehr machen.",
                "Sie putzen mehrere Wohnungen am Tag, fahren unbezahlt zwischen den Kunden hin und her und arbeiten oft in Teilzeit, weil Vollzeit körperlich unmöglich ist. Die Dienstleistungsschecks haben Arbeitsplätze geschaffen, aber sie verschleißen die Frauen, die diese Arbeit tun.\n\n„Meine Schultern und Knie sind kaputt. Mein Arzt sagt, ich soll aufhören, aber mit einem Teilzeitlohn habe ich nichts, worauf ich zurückgreifen kann“, sagt eine Haushaltshilfe aus Aalst, 54 Jahre alt.\n\n## Was sie fordern\n\n- Fahrzeiten zwischen Kunden als Arbeitszeit\n- das Recht, ohne Rentenverlust früher aufzuhören\n- einen Lohn, von dem man mit einer Teilzeitstelle leben kann",
            ),
            (
                "en",
                "Home helps on service vouchers: “At fifty, our bodies are worn out”",
                "More than 100,000 people, almost all of them women, clean private homes through the service voucher system. Many can no longer do the work long before their pension.",
                "They clean several homes a day, travel between clients unpaid and often work part time, because full time is physically impossible. The service vouchers created jobs, but they wear out the women who do them.\n\n“My shoulders and knees are finished. My doctor tells me to stop, but on a part-time wage I have nothing to fall back on,” says a home help from Aalst, aged 54.\n\n## What they demand\n\n- travel time between clients counted as working time\n- the right to stop earlier without losing pension\n- a wage you can live on with a part-time job",
            ),
        ],
    },
    Story {
        topics: &["elections"],
        days_ago: 303,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Verkiezingen: de partij wint terrein in elk gewest",
                "Meer stemmen in Vlaanderen, Brussel en Wallonië, en meer zetels in het federaal parlement. Ook extreemrechts groeide, en de partij belooft het op het terrein te bestrijden.",
                "De partij is de enige nationale partij die in de drie gewesten onder dezelfde naam opkomt, en ze groeide in alle drie. In Brussel en in verschillende industriesteden in Wallonië behoort ze nu tot de grootste krachten.\n\nOok extreemrechts ging vooruit, vooral in Vlaanderen. “We houden het niet tegen met slogans, maar met aanwezigheid: in elke straat, elk bedrijf, elke school”, zei een nieuw verkozen parlementslid, een voormalige verpleegster uit Antwerpen.\n\nDe nieuwe parlementsleden leven van een werknemersloon. Hun eerste voorstel in het parlement: **een belasting op fortuinen boven vijf miljoen euro**.",
            ),
            (
                "fr",
                "Élections : le parti progresse dans chaque région",
                "Plus de voix en Flandre, à Bruxelles et en Wallonie, et plus de sièges au parlement fédéral. L’extrême droite a aussi progressé, et le parti promet de la combattre sur le terrain.",
                "Le parti est le seul parti national à se présenter sous le même nom dans les trois régions, et il a progressé dans les trois. À Bruxelles et dans plusieurs villes industrielles de Wallonie, il compte désormais parmi les premières forces.\n\nL’extrême droite a aussi avancé, surtout en Flandre. « Nous ne l’arrêterons pas avec des slogans, mais par notre présence : dans chaque rue, chaque entreprise, chaque école », a déclaré une nouvelle députée, ancienne infirmière anversoise.\n\nLes nouveaux députés vivent avec un salaire de travailleur. Leur première proposition au parlement : **une taxe sur les fortunes de plus de cinq millions d’euros**.",
            ),
            (
                "de",
                "Wahlen: Die Partei legt in jeder Region zu",
                "Mehr Stimmen in Flandern, Brüssel und der Wallonie und mehr Sitze im föderalen Parlament. Auch die extreme Rechte ist gewachsen, und die Partei verspricht, sie vor Ort zu bekämpfen.",
                "Die Partei ist die einzige nationale Partei, die in allen drei Regionen unter demselben Namen antritt, und sie ist in allen dreien gewachsen. In Brüssel und in mehreren Industriestädten der Wallonie gehört sie nun zu den stärksten Kräften.\n\nAuch die extreme Rechte hat zugelegt, vor allem in Flandern. „Wir stoppen sie nicht mit Parolen, sondern mit Präsenz: in jeder Straße, jedem Betrieb, jeder Schule“, sagte eine neu gewählte Abgeordnete, eine ehemalige Krankenpflegerin aus Antwerpen.\n\nDie neuen Abgeordneten leben von einem Arbeiterlohn. Ihr erster Vorschlag im Parlament: **eine Steuer auf Vermögen über fünf Millionen Euro**.",
            ),
            (
                "en",
                "Elections: the party gains ground in every region",
                "More votes in Flanders, Brussels and Wallonia, and more seats in the federal parliament. The far right grew too, and the party vows to fight it on the ground.",
                "The party is the only national party that stands under the same name in all three regions, and it grew in all three. In Brussels and in several industrial cities of Wallonia, it is now among the largest forces.\n\nThe far right also advanced, especially in Flanders. “We won’t stop it with slogans, but with presence: in every street, every company, every school,” said a newly elected MP, a former nurse from Antwerp.\n\nThe new MPs live on a worker’s wage. Their first proposal in parliament: **a tax on fortunes above five million euros**.",
            ),
        ],
    },
    Story {
        topics: &["farmers", "climate"],
        days_ago: 310,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Boeren en klimaatactivisten: “Onze gemeenschappelijke tegenstander is de agro-industrie”",
                "Op een ontmoeting in Gembloers zochten boerenorganisaties en klimaatgroepen naar eisen die ze samen kunnen verdedigen.",
                "Ze worden vaak tegen elkaar uitgespeeld: boeren tegen het klimaat, het klimaat tegen de boeren. In Gembloers zochten meer dan tweehonderd mensen van beide kanten een dag lang naar gemeenschappelijke grond.\n\n“Ik ben klaar om anders te boeren. Maar niet als ik er alleen voor moet betalen, terwijl de opkopers mijn prijs bepalen”, zei een jonge akkerbouwer uit Haspengouw.\n\n## Gemeenschappelijke eisen\n\n- eerlijke, gegarandeerde prijzen die de kosten van duurzame landbouw dekken\n- publieke steun voor de omschakeling, niet alleen nieuwe regels\n- grenzen aan de macht van de grote voedingsconcerns en supermarktgroepen",
            ),
            (
                "fr",
                "Agriculteurs et militants du climat : « Notre adversaire commun, c’est l’agro-industrie »",
                "Lors d’une rencontre à Gembloux, syndicats agricoles et groupes pour le climat ont cherché des revendications à défendre ensemble.",
                "On les oppose souvent : les agriculteurs contre le climat, le climat contre les agriculteurs. À Gembloux, plus de deux cents personnes des deux camps ont cherché pendant une journée un terrain d’entente.\n\n« Je suis prêt à cultiver autrement. Mais pas si je dois le payer seul pendant que les acheteurs fixent mon prix », a dit un jeune céréalier de Hesbaye.\n\n## Revendications communes\n\n- des prix justes et garantis qui couvrent le coût d’une agriculture durable\n- un soutien public à la transition, pas seulement de nouvelles règles\n- des limites au pouvoir des grands groupes alimentaires et de la grande distribution",
            ),
            (
                "de",
                "Landwirte und Klimaaktivisten: „Unser gemeinsamer Gegner ist die Agrarindustrie“",
                "Bei einem Treffen in Gembloux suchten Bauernverbände und Klimagruppen nach Forderungen, die sie gemeinsam vertreten können.",
                "Sie werden oft gegeneinander ausgespielt: Landwirte gegen das Klima, das Klima gegen die Landwirte. In Gembloux suchten mehr als zweihundert Menschen beider Seiten einen Tag lang nach Gemeinsamkeiten.\n\n„Ich bin bereit, anders zu wirtschaften. Aber nicht, wenn ich allein dafür bezahlen muss, während die Abnehmer meinen Preis bestimmen“, sagte ein junger Ackerbauer aus dem Haspengau.\n\n## Gemeinsame Forderungen\n\n- faire, garantierte Preise, die die Kosten einer nachhaltigen Landwirtschaft decken\n- öffentliche Unterstützung für die Umstellung, nicht nur neue Regeln\n- Grenzen für die Macht der großen Lebensmittel- und Supermarktkonzerne",
            ),
            (
                "en",
                "Farmers and climate activists: “Our common opponent is agribusiness”",
                "At a meeting in Gembloux, farmers’ unions and climate groups looked for demands they can defend together.",
                "They are often played off against each other: farmers against the climate, the climate against farmers. In Gembloux, more than two hundred people from both sides spent a day looking for common ground.\n\n“I’m ready to farm differently. But not if I have to pay for it alone while the buyers set my price,” said a young arable farmer from the Hesbaye.\n\n## Common demands\n\n- fair, guaranteed prices that cover the cost of sustainable farming\n- public support for the transition, not only new rules\n- limits on the power of the big food and supermarket groups",
            ),
        ],
    },
    Story {
        topics: &["unions"],
        days_ago: 317,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Franstalige leerkrachten staken tegen besparingen in het onderwijs",
                "In Brussel en Wallonië bleven veel scholen dicht. De leerkrachten protesteren tegen het schrappen van vaste benoemingen en tegen grotere klassen.",
                "De regering van de Federatie Wallonië-Brussel wil besparen op het onderwijs: minder vaste benoemingen, meer lesuren per leerkracht en grotere klassen.\n\n“We hebben nu al een tekort aan leerkrachten. Wie wil er nog beginnen als het beroep nog onzekerder wordt?”, vraagt een onderwijzeres uit Schaarbeek.\n\nDe drie vakbonden staakten samen. De partij steunt hun eisen en vraagt **kleinere klassen en meer begeleiding voor jonge leerkrachten**, niet minder.",
            ),
            (
                "fr",
                "Les enseignants francophones en grève contre les économies dans l’enseignement",
                "À Bruxelles et en Wallonie, de nombreuses écoles sont restées fermées. Les enseignants protestent contre la suppression des nominations et contre des classes plus grandes.",
                "Le gouvernement de la Fédération Wallonie-Bruxelles veut faire des économies dans l’enseignement : moins de nominations, plus d’heures de cours par enseignant et des classes plus grandes.\n\n« Nous manquons déjà d’enseignants. Qui voudra encore commencer si le métier devient encore plus précaire ? », demande une institutrice de Schaerbeek.\n\nLes trois syndicats ont fait grève ensemble. Le parti soutient leurs revendications et demande **des classes plus petites et plus d’accompagnement pour les jeunes enseignants**, pas moins.",
            ),
        ],
    },
    Story {
        topics: &["climate", "unions"],
        days_ago: 324,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Hitte op het werk: “Bij 38 graden legden we nog asfalt”",
                "Nu hittegolven vaker voorkomen, vragen werknemers op werven, in magazijnen en in keukens bindende regels, geen adviezen.",
                "Tijdens de laatste hittegolf liep de thermometer in sommige magazijnen op tot boven de 35 graden. Op de wegen bleven asfaltploegen in de middagzon doorwerken.\n\nVandaag moeten werkgevers boven bepaalde temperaturen maatregelen nemen, maar de regels zijn vaag en worden zelden gecontroleerd. “Ze gaven ons een fles water en zeiden dat we voorzichtig moesten zijn”, zegt een wegenwerker uit Hasselt.\n\n## Wat werknemers vragen\n\n- een werkonderbreking boven een vaste temperatuur, met behoud van loon\n- verschoven werkuren in de zomer\n- arbeidsinspecteurs die echt op de werven langskomen\n\nDe klimaatverandering is er. **Werknemers beschermen hoort bij het antwoord.**",
            ),
            (
                "fr",
                "Chaleur au travail : « À 38 degrés, nous posions encore de l’asphalte »",
                "Alors que les vagues de chaleur se multiplient, les travailleurs des chantiers, des entrepôts et des cuisines demandent des règles contraignantes, pas des conseils.",
                "Pendant la dernière vague de chaleur, le thermomètre a dépassé 35 degrés dans certains entrepôts. Sur les routes, les équipes d’asphaltage ont continué à travailler sous le soleil de l’après-midi.\n\nAujourd’hui, les employeurs doivent prendre des mesures au-delà de certaines températures, mais les règles sont floues et rarement contrôlées. « On nous a donné une bouteille d’eau et dit de faire attention », raconte un ouvrier routier de Hasselt.\n\n## Ce que demandent les travailleurs\n\n- un arrêt de travail au-delà d’une température fixe, avec maintien du salaire\n- des horaires décalés en été\n- des inspecteurs du travail qui se rendent vraiment sur les chantiers\n\nLe changement climatique est là. **Protéger les travailleurs fait partie de la réponse.**",
            ),
            (
                "de",
                "Hitze bei der Arbeit: „Bei 38 Grad haben wir noch Asphalt verlegt“",
                "Da Hitzewellen häufiger werden, fordern Beschäftigte auf Baustellen, in Lagerhallen und Küchen verbindliche Regeln statt Ratschläge.",
                "Während der letzten Hitzewelle stieg das Thermometer in manchen Lagerhallen auf über 35 Grad. Auf den Straßen arbeiteten Asphaltkolonnen in der Nachmittagssonne weiter.\n\nHeute müssen Arbeitgeber ab bestimmten Temperaturen Maßnahmen ergreifen, doch die Regeln sind vage und werden selten kontrolliert. „Man hat uns eine Flasche Wasser gegeben und gesagt, wir sollen aufpassen“, sagt ein Straßenbauarbeiter aus Hasselt.\n\n## Was die Beschäftigten fordern\n\n- eine Arbeitsunterbrechung ab einer festen Temperatur, bei voller Bezahlung\n- verschobene Arbeitszeiten im Sommer\n- Arbeitsinspektoren, die wirklich auf die Baustellen kommen\n\nDer Klimawandel ist da. **Der Schutz der Beschäftigten gehört zur Antwort.**",
            ),
            (
                "en",
                "Heat at work: “At 38 degrees we were still laying asphalt”",
                "As heatwaves become more frequent, workers on building sites, in warehouses and in kitchens are asking for binding rules, not advice.",
                "During the last heatwave, the thermometer passed 35 degrees in some warehouses. On the roads, asphalt crews kept working in the afternoon sun.\n\nToday employers must take measures above certain temperatures, but the rules are vague and rarely enforced. “They gave us a bottle of water and told us to be careful,” says a road worker from Hasselt.\n\n## What workers ask for\n\n- a work stop above a fixed temperature, with wages paid\n- shifted working hours in summer\n- labour inspectors who actually come to the sites\n\nClimate change is here. **Protecting workers is part of the answer.**",
            ),
        ],
    },
    Story {
        topics: &["elections"],
        days_ago: 331,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Onze lijsten: een verpleegster, een dokwerker en een poetsvrouw op kop",
                "Voor de nationale verkiezingen stelt de partij kandidaten voor die het werk van binnenuit kennen. De helft is vrouw, een derde is jonger dan 35.",
                "Aan het hoofd van de lijsten in de drie gewesten staan mensen die nooit beroepspoliticus waren: een verpleegster uit Antwerpen, een dokwerker uit Gent, een poetsvrouw uit Charleroi, een buschauffeur uit Luik.\n\n“In het parlement zitten veel advocaten en weinig mensen die om zes uur ’s ochtends beginnen te werken. Dat willen we veranderen”, zei de nationale secretaris van de partij bij de voorstelling.\n\nAlle kandidaten verbinden zich ertoe om, als ze verkozen worden, dezelfde regel te volgen: **ze houden een gemiddeld werknemersloon** en geven de rest terug aan de partij.",
            ),
            (
                "fr",
                "Nos listes : une infirmière, un docker et une nettoyeuse en tête",
                "Pour les élections nationales, le parti présente des candidats qui connaissent le travail de l’intérieur. La moitié sont des femmes, un tiers a moins de 35 ans.",
                "En tête des listes dans les trois régions figurent des personnes qui n’ont jamais été des politiciens professionnels : une infirmière d’Anvers, un docker de Gand, une nettoyeuse de Charleroi, un chauffeur de bus de Liège.\n\n« Au parlement, il y a beaucoup d’avocats et peu de gens qui commencent à travailler à six heures du matin. Nous voulons changer cela », a déclaré le secrétaire national du parti lors de la présentation.\n\nTous les candidats s’engagent, s’ils sont élus, à suivre la même règle : **ils gardent le salaire moyen d’un travailleur** et reversent le reste au parti.",
            ),
            (
                "de",
                "Unsere Listen: eine Krankenpflegerin, ein Hafenarbeiter und eine Reinigungskraft an der Spitze",
                "Für die nationalen Wahlen stellt die Partei Kandidaten vor, die die Arbeit von innen kennen. Die Hälfte sind Frauen, ein Drittel ist jünger als 35.",
                "An der Spitze der Listen in den drei Regionen stehen Menschen, die nie Berufspolitiker waren: eine Krankenpflegerin aus Antwerpen, ein Hafenarbeiter aus Gent, eine Reinigungskraft aus Charleroi, ein Busfahrer aus Lüttich.\n\n„Im Parlament sitzen viele Anwälte und wenige Menschen, die um sechs Uhr morgens mit der Arbeit anfangen. Das wollen wir ändern“, sagte der nationale Sekretär der Partei bei der Vorstellung.\n\nAlle Kandidaten verpflichten sich, im Fall ihrer Wahl dieselbe Regel einzuhalten: **Sie behalten einen durchschnittlichen Arbeiterlohn** und geben den Rest an die Partei zurück.",
            ),
            (
                "en",
                "Our lists: a nurse, a docker and a cleaner at the top",
                "For the national elections, the party presents candidates who know work from the inside. Half of them are women, a third are under 35.",
                "At the head of the lists in the three regions are people who have never been professional politicians: a nurse from Antwerp, a docker from Ghent, a cleaner from Charleroi, a bus driver from Liège.\n\n“In parliament there are many lawyers and few people who start work at six in the morning. We want to change that,” said the party’s national secretary at the presentation.\n\nAll candidates commit to the same rule if they are elected: **they keep an average worker’s wage** and give the rest back to the party.",
            ),
        ],
    },
    Story {
        topics: &["healthcare"],
        days_ago: 338,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Een huisarts in Molenbeek: “Armoede is de eerste ziekte die ik behandel”",
                "In een wijkpraktijk ziet een arts elke dag hoe slechte huisvesting, onzeker werk en stress mensen ziek maken.",
                "Astma bij kinderen die in vochtige kamers slapen. Rugpijn bij mannen die met interimcontracten vrachtwagens laden. Depressie bij moeders die drie deeltijdse jobs combineren. “Ik kan een pil voorschrijven, maar geen droog appartement”, zegt de arts, die al vijftien jaar in Molenbeek werkt.\n\nMensen in de armste wijken van Brussel leven gemiddeld meerdere jaren korter dan die in de rijkste.\n\nDaarom werkt de praktijk samen met de wijkafdeling: **collectieve actie tegen slechte huisvesting is ook gezondheidszorg**.",
            ),
            (
                "fr",
                "Un médecin généraliste à Molenbeek : « La pauvreté est la première maladie que je soigne »",
                "Dans un cabinet de quartier, un médecin voit chaque jour comment le mauvais logement, le travail précaire et le stress rendent les gens malades.",
                "De l’asthme chez des enfants qui dorment dans des chambres humides. Des maux de dos chez des hommes qui chargent des camions sous contrat intérimaire. De la dépression chez des mères qui jonglent avec trois temps partiels. « Je peux prescrire une pilule, mais pas un appartement sec », dit le médecin, qui travaille à Molenbeek depuis quinze ans.\n\nLes habitants des quartiers les plus pauvres de Bruxelles vivent en moyenne plusieurs années de moins que ceux des quartiers les plus riches.\n\nC’est pourquoi le cabinet travaille avec la section du quartier : **l’action collective contre le mauvais logement, c’est aussi de la santé**.",
            ),
            (
                "de",
                "Ein Hausarzt in Molenbeek: „Armut ist die erste Krankheit, die ich behandle“",
                "In einer Stadtteilpraxis sieht ein Arzt jeden Tag, wie schlechte Wohnungen, unsichere Arbeit und Stress die Menschen krank machen.",
                "Asthma bei Kindern, die in feuchten Zimmern schlafen. Rückenschmerzen bei Männern, die mit Leiharbeitsverträgen Lastwagen beladen. Depressionen bei Müttern, die drei Teilzeitjobs unter einen Hut bringen. „Ich kann eine Tablette verschreiben, aber keine trockene Wohnung“, sagt der Arzt, der seit fünfzehn Jahren in Molenbeek arbeitet.\n\nMenschen in den ärmsten Vierteln Brüssels leben im Durchschnitt mehrere Jahre kürzer als die in den reichsten.\n\nDeshalb arbeitet die Praxis mit der Sektion des Viertels zusammen: **Gemeinsames Handeln gegen schlechte Wohnungen ist auch Gesundheitsversorgung**.",
            ),
            (
                "en",
                "A general practitioner in Molenbeek: “Poverty is the first disease I treat”",
                "In a neighbourhood practice, a doctor sees every day how bad housing, insecure work and stress make people ill.",
                "Asthma in children who sleep in damp rooms. Back pain in men who load lorries on temporary contracts. Depression in mothers who juggle three part-time jobs. “I can prescribe a pill, but not a dry flat,” says the doctor, who has worked in Molenbeek for fifteen years.\n\nPeople in the poorest neighbourhoods of Brussels live on average several years less than those in the richest.\n\nThat is why the practice works with the neighbourhood section: **collective action against bad housing is also healthcare**.",
            ),
        ],
    },
    Story {
        topics: &["farmers"],
        days_ago: 345,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "Tractoren in Brussel: “We willen van ons werk kunnen leven”",
                "Honderden boeren reden de Europese wijk binnen. Hun woede richt zich op lage prijzen, papierwerk en handelsakkoorden, en op de grote opkopers die eraan verdienen.",
                "Al vroeg in de ochtend stonden tractoren uit heel België in de straten rond de Europese instellingen. Boeren uit Frankrijk, Nederland en Duitsland sloten zich bij hen aan.\n\n“Ik werk zeventig uur per week en verdien minder dan het minimumloon. Ondertussen boeken de voedingsbedrijven recordwinsten”, zegt een varkenshouder uit West-Vlaanderen.\n\n## De partij stelt voor\n\n- wettelijke minimumprijzen boven de productiekosten\n- een verbod om landbouwproducten onder de kostprijs aan te kopen\n- steun voor kleine en middelgrote bedrijven in plaats van voor de grootste",
            ),
            (
                "fr",
                "Des tracteurs à Bruxelles : « Nous voulons vivre de notre travail »",
                "Des centaines d’agriculteurs sont entrés dans le quartier européen. Leur colère vise les prix trop bas, la paperasse et les accords commerciaux, ainsi que les grands acheteurs qui en profitent.",
                "Dès le petit matin, des tracteurs venus de toute la Belgique bordaient les rues autour des institutions européennes. Des agriculteurs français, néerlandais et allemands les ont rejoints.\n\n« Je travaille septante heures par semaine et je gagne moins que le salaire minimum. Pendant ce temps, les groupes alimentaires affichent des bénéfices records », explique un éleveur de porcs de Flandre-Occidentale.\n\n## Le parti propose\n\n- des prix minimums légaux supérieurs aux coûts de production\n- l’interdiction d’acheter des produits agricoles en dessous de leur prix de revient\n- un soutien aux petites et moyennes exploitations plutôt qu’aux plus grandes",
            ),
            (
                "de",
                "Traktoren in Brüssel: „Wir wollen von unserer Arbeit leben können“",
                "Hunderte Landwirte fuhren ins Europaviertel. Ihre Wut richtet sich gegen niedrige Preise, Bürokratie und Handelsabkommen und gegen die großen Abnehmer, die davon profitieren.",
                "Schon am frühen Morgen säumten Traktoren aus ganz Belgien die Straßen rund um die europäischen Institutionen. Landwirte aus Frankreich, den Niederlanden und Deutschland schlossen sich ihnen an.\n\n„Ich arbeite siebzig Stunden in der Woche und verdiene weniger als den Mindestlohn. Unterdessen melden die Lebensmittelkonzerne Rekordgewinne“, sagt ein Schweinehalter aus Westflandern.\n\n## Die Partei schlägt vor\n\n- gesetzliche Mindestpreise über den Erzeugungskosten\n- ein Verbot, Agrarprodukte unter ihrem Selbstkostenpreis einzukaufen\n- Unterstützung für kleine und mittlere Betriebe statt für die größten",
            ),
            (
                "en",
                "Tractors in Brussels: “We want to live from our work”",
                "Hundreds of farmers drove into the European quarter. Their anger is aimed at low prices, paperwork and trade deals, and at the big buyers who profit from them.",
                "From early morning, tractors from all over Belgium lined the streets around the European institutions. Farmers from France, the Netherlands and Germany joined them.\n\n“I work seventy hours a week and earn less than the minimum wage. Meanwhile the food companies post record profits,” says a pig farmer from West Flanders.\n\n## The party proposes\n\n- legal minimum prices above production costs\n- a ban on buying farm products below their cost price\n- support for small and medium-sized farms instead of the largest ones",
            ),
        ],
    },
    Story {
        topics: &["elections"],
        days_ago: 352,
        about: About::Nothing,
        texts: &[
            (
                "nl",
                "De partij stelt haar programma voor: “Belast de fortuinen, niet de werkende mensen”",
                "Maanden voor de verkiezingen legt de partij een plan op tafel dat steunt op fiscale rechtvaardigheid, betaalbare klimaatmaatregelen en vrede.",
                "Het centrale voorstel is een **miljonairstaks**: een heffing op fortuinen boven vijf miljoen euro, die minder dan één op de honderd gezinnen treft en elk jaar miljarden opbrengt.\n\n## Waar het geld naartoe gaat\n\n- hogere minimumpensioenen en -lonen\n- goedkopere energie en gratis openbaar vervoer in de steden\n- sociale woningen en wijkgezondheidscentra\n\nHet programma kwam tot stand met inbreng van de afdelingen: duizenden leden bespraken het in hun wijk en op hun werk voor de eindstemming. [Lees het programma](https://example.org/programme).",
            ),
            (
                "fr",
                "Le parti présente son programme : « Taxer les fortunes, pas les travailleurs »",
                "Des mois avant les élections, le parti met sur la table un plan fondé sur la justice fiscale, des mesures climatiques abordables et la paix.",
                "Sa proposition centrale est une **taxe des millionnaires** : un prélèvement sur les fortunes de plus de cinq millions d’euros, qui touche moins d’un ménage sur cent et rapporte des milliards chaque année.\n\n## Où va l’argent\n\n- des pensions et des salaires minimums plus élevés\n- une énergie moins chère et des transports publics gratuits dans les villes\n- des logements sociaux et des maisons médicales de quartier\n\nLe programme a été élaboré avec les sections : des milliers de membres en ont discuté dans leur quartier et sur leur lieu de travail avant le vote final. [Lire le programme](https://example.org/programme).",
            ),
            (
                "de",
                "Die Partei stellt ihr Programm vor: „Vermögen besteuern, nicht die arbeitenden Menschen“",
                "Monate vor den Wahlen legt die Partei einen Plan vor, der auf Steuergerechtigkeit, bezahlbaren Klimaschutz und Frieden setzt.",
                "Ihr zentraler Vorschlag ist eine **Millionärssteuer**: eine Abgabe auf Vermögen über fünf Millionen Euro, die weniger als einen von hundert Haushalten betrifft und jedes Jahr Milliarden einbringt.\n\n## Wohin das Geld geht\n\n- höhere Mindestrenten und Mindestlöhne\n- günstigere Energie und kostenloser öffentlicher Verkehr in den Städten\n- Sozialwohnungen und Stadtteil-Gesundheitszentren\n\nDas Programm ist mit den Sektionen entstanden: Tausende Mitglieder haben es in ihrem Viertel und an ihrem Arbeitsplatz diskutiert, bevor abgestimmt wurde. [Das Programm lesen](https://example.org/programme).",
            ),
            (
                "en",
                "The party presents its programme: “Tax the fortunes, not the workers”",
                "Months before the elections, the party puts forward a plan built on tax justice, affordable climate measures and peace.",
                "Its central proposal is a **millionaires’ tax**: a levy on fortunes above five million euros, which concerns fewer than one household in a hundred and raises billions every year.\n\n## Where the money goes\n\n- higher minimum pensions and wages\n- cheaper energy and free public transport in the cities\n- social housing and neighbourhood health centres\n\nThe programme was drawn up with input from the sections: thousands of members discussed it in their neighbourhoods and workplaces before the final vote. [Read the programme](https://example.org/programme).",
            ),
        ],
    },
];
