# Enquête-interfaceteksten, Nederlands. Elke sleutel hier moet ook in en, fr en de staan
# (een test controleert dat).

nav-tree = Organisatie
nav-people = Mensen
nav-users = Accounts
nav-audit = Logboek
nav-account = Mijn account
nav-logout = Afmelden

error-back = Terug
error-home = Startpagina
error-title-input = Er moet iets aangepast worden in het formulier
error-title-forbidden = Niet toegestaan
error-title-notfound = Niet gevonden
error-title-other = Er ging iets mis

login-title = Aanmelden
login-email = E-mailadres
login-password = Wachtwoord
login-submit = Aanmelden
login-failed = Het e-mailadres of wachtwoord klopt niet.

tree-title = Organisatie

unit-archived = gearchiveerd
unit-people-per-stage = Mensen per fase
unit-people-total = mensen
unit-members = leden
unit-stage = Fase
unit-now-at = Nu in deze fase
unit-reached = Ooit bereikt
unit-conversion = Vanuit vorige fase
unit-children = Onderliggende eenheden
unit-name = Naam
unit-kind = Soort
unit-see-people = Bekijk de mensen
unit-add-person = Persoon toevoegen
unit-add-child = Eenheid hieronder toevoegen
unit-create = Aanmaken
unit-manage = Hernoemen, verplaatsen of archiveren
unit-new-name = Nieuwe naam
unit-rename = Hernoemen
unit-move-under = Verplaatsen onder
unit-move = Verplaatsen
unit-restore = Terugzetten
unit-archive = Archiveren
unit-chart-label = Mensen per fase in { $unit }

people-title = Mensen
people-search-placeholder = Naam, e-mail of telefoon
people-search = Zoeken
people-any-stage = Alle fases
people-tag = Label
people-previous = Vorige
people-next = Volgende
people-summary = { $count } mensen gevonden
people-summary-own = { $count } mensen die jij hebt ingegeven

person-name = Naam
person-unit = Eenheid
person-tags = Labels
person-email = E-mail
person-phone = Telefoon
person-address = Adres
person-languages = Talen
person-workplace = Werkplek of beroep
person-notes = Notities
person-since = Bekend sinds
person-edit = Bewerken
person-youth-wing = Jongerenwerking
person-tags-placeholder = huurder, verpleegkundige, vakbond
person-consent-contact = Akkoord om opnieuw gecontacteerd te worden
person-new = Persoon toevoegen
person-edit-title = { $name } bewerken

ladder-move = Verplaatsen op de ladder
ladder-to = Naar
ladder-reason = Waarom
ladder-reason-placeholder = kwam naar de actie voor het zwembad
ladder-submit = Verplaatsen
ladder-history = Historiek op de ladder

history-when = Wanneer
history-move = Stap
history-who = Door
history-why = Waarom

consent-title = Toestemmingen
consent-purpose = Doel
consent-status = Status
consent-source = Waar en hoe
consent-given = gegeven
consent-withdrawn = ingetrokken
consent-source-placeholder = deur-aan-deur, telefoontje, onlineformulier
consent-record = Registreren

form-save = Opslaan

dup-title = Mogelijke dubbels
dup-explain = Fiches met hetzelfde e-mailadres of telefoonnummer. Bij samenvoegen blijft de eerste fiche bewaard: lege velden worden aangevuld uit de tweede, labels, toestemmingen en historiek worden samengevoegd, en de tweede fiche wordt verwijderd.
dup-none = Geen dubbels gevonden.
dup-keep = Behouden
dup-other = Samen te voegen
dup-reason = Waarom
dup-merge = Samenvoegen
dup-same-email = zelfde e-mailadres
dup-same-phone = zelfde telefoonnummer

users-title = Accounts
users-name = Naam
users-role = Rol
users-add = Account toevoegen
users-create = Account aanmaken
users-created = Account aangemaakt voor { $email }. Geef deze persoon dit eenmalige wachtwoord; bij de eerste aanmelding kiest die een eigen wachtwoord. Het wordt niet opnieuw getoond.

account-title = Mijn account
account-must-change = Je bent aangemeld met een eenmalig wachtwoord. Kies een eigen wachtwoord om verder te gaan.
account-change-password = Wachtwoord wijzigen
account-current = Huidig wachtwoord
account-new = Nieuw wachtwoord (minstens 10 tekens)

audit-title = Logboek
audit-explain = Elke keer dat een medewerker een persoonsfiche heeft ingekeken of gewijzigd. Regels in het logboek kunnen niet gewijzigd of verwijderd worden.
audit-action = Handeling
audit-person = Persoon
audit-detail = Detail
audit-from = Herkomst

done-unit-created = De eenheid is aangemaakt.
done-unit-renamed = De eenheid is hernoemd.
done-unit-moved = De eenheid is verplaatst, met alles eronder.
done-unit-archived = De eenheid is gearchiveerd, met alles eronder.
done-unit-restored = De eenheid is teruggezet.
done-person-saved = Opgeslagen.
done-stage-moved = Verplaatst op de ladder.
done-consent-recorded = Toestemming geregistreerd.
done-merged = De twee fiches zijn samengevoegd.
done-password-changed = Je wachtwoord is gewijzigd.

stage-contact = contact
stage-sympathiser = sympathisant
stage-active = actief
stage-member = lid
stage-organizer = organisator
stage-leader = leider

kind-nation = nationaal
kind-region = regio
kind-city = stad
kind-neighbourhood = wijkafdeling
kind-workplace = bedrijfsafdeling
kind-youth = jongerenafdeling

role-national_admin = nationale beheerder
role-organizer = organisator
role-canvasser = enquêteur
role-analyst = analist
role-steward = bedrijfsverantwoordelijke
role-gate_scanner = scanner aan de inkom

purpose-contact = opnieuw gecontacteerd worden
purpose-newsletter = nieuwsbrief
purpose-survey_link = enquêteantwoorden aan de naam koppelen
purpose-membership = lidmaatschapsgegevens

nav-canvass = Bevraging
canvass-title = Bevraging
canvass-unit = Voor de afdeling
canvass-channel = Waar
canvass-contact = Contactgegevens (enkel met hun toestemming)
canvass-save = Antwoord bewaren
canvass-needs-script = Deze pagina heeft JavaScript nodig om offline te werken.
canvass-no-surveys = Er is nog geen enquête.
canvass-js-pending = { $n } wachten om verstuurd te worden
canvass-js-sent = { $n } verstuurd
canvass-js-saved = Bewaard op deze telefoon.
canvass-js-offline = Geen verbinding: { $n } blijven op deze telefoon en worden verstuurd zodra er bereik is.
canvass-js-server-problem = De server antwoordde { $n }; de antwoorden blijven op deze telefoon en worden opnieuw verstuurd.
canvass-js-required = Beantwoord nog:
canvass-js-rank-hint = Vink er tot { $n } aan, het belangrijkste eerst.
canvass-js-no-survey = De enquête kon niet geladen worden ({ $n }).
channel-door = aan de deur
channel-workplace = op het werk
channel-street = op straat
channel-online = online
channel-paper = op papier
nav-surveys = Enquêtes
surveys-title = Enquêtes
surveys-name = Enquête
surveys-version = Versie
surveys-questions = Vragen
surveys-responses = Antwoorden
surveys-collect = Bevragen
surveys-download = Downloaden als XLSForm
surveys-import = Publiceren vanuit XLSForm
surveys-import-explain = Een XLSForm-werkmap (.xlsx, zoals voor ODK of KoboToolbox). Een nieuwe form_id maakt een nieuwe enquête; een bestaande krijgt een nieuwe versie, en vorige versies blijven zoals ze waren.
surveys-file = XLSForm-bestand
surveys-upload = Publiceren
surveys-code = Code
surveys-question = Vraag
surveys-type = Soort
surveys-skip = Enkel gevraagd als
surveys-demographic = demografisch
qtype-single-choice = één keuze
qtype-multiple-choice = meerdere keuzes
qtype-ranking = rangschikking
qtype-scale = schaal
qtype-number = getal
qtype-text = vrije tekst
done-survey-published = De enquête is gepubliceerd.
paper-title = Papieren formulieren
paper-explain = Een CSV-bestand met een rij per papieren formulier en een kolom per vraagcode (meerdere keuzes of een rangschikking gescheiden door ;), en eventueel unit, collected_on (2026-11-23), contact_name, contact_phone, contact_email. Een bestand met foute rijen wordt niet ingelezen, tenzij je kiest om ze over te slaan.
paper-unit = Voor de afdeling
paper-unit-column = zoals in de kolom unit
paper-file = CSV-bestand
paper-skip-bad = De goede rijen inlezen en de foute overslaan
paper-import = Inlezen
paper-refused = Er is niets ingelezen: verbeter de rijen hieronder, of lees opnieuw in en sla ze over.
paper-imported = Ingelezen:
paper-already = waren er al:
paper-row = Rij
paper-column = Kolom
paper-problem = Probleem
public-intro = Je antwoorden worden anoniem geteld. Vragen met * hebben een antwoord nodig.
public-email = Je e-mailadres
public-email-explain = Eén antwoord per adres; het adres zelf wordt niet bewaard.
public-contact-explain = Enkel als je wilt dat we je opnieuw contacteren.
public-submit = Mijn antwoorden versturen
public-thanks-title = Bedankt
public-thanks = We hebben je antwoorden ontvangen.
public-rank-place = Keuze { $n }
links-title = Publieke links
links-explain = Wie een link heeft, kan online antwoorden voor die afdeling, zonder account.
links-one-per-email = één antwoord per e-mailadres
links-create = Een link openen
done-link-created = De link is open.
