# Oberflächentexte von Enquête, Deutsch. Jeder Schlüssel hier muss auch in en, nl und fr stehen
# (ein Test prüft das).

nav-tree = Organisation
nav-people = Personen
nav-users = Konten
nav-audit = Zugriffsprotokoll
nav-account = Mein Konto
nav-logout = Abmelden

error-back = Zurück
error-home = Startseite
error-title-input = Im Formular muss etwas korrigiert werden
error-title-forbidden = Nicht erlaubt
error-title-notfound = Nicht gefunden
error-title-other = Etwas ist schiefgelaufen

login-title = Anmelden
login-email = E-Mail-Adresse
login-password = Passwort
login-submit = Anmelden
login-failed = E-Mail-Adresse oder Passwort stimmt nicht.

tree-title = Organisation

unit-archived = archiviert
unit-people-per-stage = Personen pro Stufe
unit-people-total = Personen
unit-members = Mitglieder
unit-stage = Stufe
unit-now-at = Jetzt auf dieser Stufe
unit-reached = Je erreicht
unit-conversion = Aus der Stufe davor
unit-children = Untereinheiten
unit-name = Name
unit-kind = Art
unit-see-people = Personen anzeigen
unit-add-person = Person hinzufügen
unit-add-child = Untereinheit hinzufügen
unit-create = Anlegen
unit-manage = Umbenennen, verschieben oder archivieren
unit-new-name = Neuer Name
unit-rename = Umbenennen
unit-move-under = Verschieben unter
unit-move = Verschieben
unit-restore = Wiederherstellen
unit-archive = Archivieren
unit-chart-label = Personen pro Stufe in { $unit }

people-title = Personen
people-search-placeholder = Name, E-Mail oder Telefon
people-search = Suchen
people-any-stage = Alle Stufen
people-tag = Schlagwort
people-previous = Zurück
people-next = Weiter
people-summary = { $count } Personen gefunden
people-summary-own = { $count } Personen, die du erfasst hast

person-name = Name
person-unit = Einheit
person-tags = Schlagwörter
person-email = E-Mail
person-phone = Telefon
person-address = Adresse
person-languages = Sprachen
person-workplace = Arbeitsplatz oder Beruf
person-notes = Notizen
person-since = Bekannt seit
person-edit = Bearbeiten
person-youth-wing = Jugendorganisation
person-tags-placeholder = Mieter, Pflegekraft, Gewerkschaft
person-consent-contact = Einverstanden, wieder kontaktiert zu werden
person-new = Person hinzufügen
person-edit-title = { $name } bearbeiten

ladder-move = Auf der Leiter verschieben
ladder-to = Nach
ladder-reason = Warum
ladder-reason-placeholder = war bei der Aktion fürs Schwimmbad
ladder-submit = Verschieben
ladder-history = Verlauf auf der Leiter

history-when = Wann
history-move = Schritt
history-who = Von
history-why = Warum

consent-title = Einwilligungen
consent-purpose = Zweck
consent-status = Status
consent-source = Wo und wie
consent-given = erteilt
consent-withdrawn = widerrufen
consent-source-placeholder = Haustürbesuch, Anruf, Online-Formular
consent-record = Erfassen

form-save = Speichern

dup-title = Mögliche Dubletten
dup-explain = Einträge mit derselben E-Mail-Adresse oder Telefonnummer. Beim Zusammenführen bleibt der erste Eintrag erhalten: Leere Felder werden aus dem zweiten ergänzt, Schlagwörter, Einwilligungen und Verlauf werden vereint, und der zweite Eintrag wird gelöscht.
dup-none = Keine Dubletten gefunden.
dup-keep = Behalten
dup-other = Wird eingefügt
dup-reason = Warum
dup-merge = Zusammenführen
dup-same-email = gleiche E-Mail
dup-same-phone = gleiche Telefonnummer

users-title = Konten
users-name = Name
users-role = Rolle
users-add = Konto hinzufügen
users-create = Konto anlegen
users-created = Konto für { $email } angelegt. Gib der Person dieses Einmalpasswort; bei der ersten Anmeldung wählt sie ein eigenes. Es wird nicht noch einmal angezeigt.

account-title = Mein Konto
account-must-change = Du hast dich mit einem Einmalpasswort angemeldet. Wähle ein eigenes Passwort, um weiterzumachen.
account-change-password = Passwort ändern
account-current = Aktuelles Passwort
account-new = Neues Passwort (mindestens 10 Zeichen)

audit-title = Zugriffsprotokoll
audit-explain = Jedes Mal, wenn jemand aus dem Team eine Personenakte gelesen oder geändert hat. Einträge können nicht geändert oder gelöscht werden.
audit-action = Aktion
audit-person = Person
audit-detail = Detail
audit-from = Herkunft

done-unit-created = Die Einheit wurde angelegt.
done-unit-renamed = Die Einheit wurde umbenannt.
done-unit-moved = Die Einheit wurde verschoben, samt allem darunter.
done-unit-archived = Die Einheit wurde archiviert, samt allem darunter.
done-unit-restored = Die Einheit wurde wiederhergestellt.
done-person-saved = Gespeichert.
done-stage-moved = Auf der Leiter verschoben.
done-consent-recorded = Einwilligung erfasst.
done-merged = Die beiden Einträge wurden zusammengeführt.
done-password-changed = Dein Passwort wurde geändert.

stage-contact = Kontakt
stage-sympathiser = Sympathisant
stage-active = aktiv
stage-member = Mitglied
stage-organizer = Organisator
stage-leader = Leitung

kind-nation = national
kind-region = Region
kind-city = Stadt
kind-neighbourhood = Stadtteilgruppe
kind-workplace = Betriebsgruppe
kind-youth = Jugendgruppe

role-national_admin = nationale Administration
role-organizer = Organisator
role-canvasser = Befrager
role-analyst = Analyst
role-steward = Vertrauensperson im Betrieb
role-gate_scanner = Einlasskontrolle

purpose-contact = erneute Kontaktaufnahme
purpose-newsletter = Newsletter
purpose-survey_link = Umfrageantworten mit dem Namen verknüpfen
purpose-membership = Mitgliedsdaten

nav-canvass = Befragung
canvass-title = Befragung
canvass-unit = Für die Gruppe
canvass-channel = Wo
canvass-contact = Kontaktdaten (nur mit Einverständnis)
canvass-save = Antwort speichern
canvass-needs-script = Diese Seite braucht JavaScript, um offline zu funktionieren.
canvass-no-surveys = Es gibt noch keine Umfrage.
canvass-js-pending = { $n } warten auf das Senden
canvass-js-sent = { $n } gesendet
canvass-js-saved = Auf diesem Handy gespeichert.
canvass-js-offline = Keine Verbindung: { $n } bleiben auf diesem Handy und werden gesendet, sobald es Empfang gibt.
canvass-js-server-problem = Der Server antwortete { $n }; die Antworten bleiben auf diesem Handy und werden erneut gesendet.
canvass-js-required = Bitte beantworten:
canvass-js-rank-hint = Kreuze bis zu { $n } an, das Wichtigste zuerst.
canvass-js-no-survey = Die Umfrage konnte nicht geladen werden ({ $n }).
channel-door = an der Tür
channel-workplace = am Arbeitsplatz
channel-street = auf der Straße
channel-online = online
channel-paper = auf Papier
nav-surveys = Umfragen
surveys-title = Umfragen
surveys-name = Umfrage
surveys-version = Version
surveys-questions = Fragen
surveys-responses = Antworten
surveys-collect = Befragen
surveys-download = Als XLSForm herunterladen
surveys-import = Aus XLSForm veröffentlichen
surveys-import-explain = Eine XLSForm-Arbeitsmappe (.xlsx, wie für ODK oder KoboToolbox). Eine neue form_id ergibt eine neue Umfrage; eine bestehende bekommt eine neue Version, und frühere Versionen bleiben, wie sie waren.
surveys-file = XLSForm-Datei
surveys-upload = Veröffentlichen
surveys-code = Code
surveys-question = Frage
surveys-type = Art
surveys-skip = Nur gefragt, wenn
surveys-demographic = demografisch
qtype-single-choice = eine Wahl
qtype-multiple-choice = mehrere Wahlen
qtype-ranking = Rangfolge
qtype-scale = Skala
qtype-number = Zahl
qtype-text = freier Text
done-survey-published = Die Umfrage wurde veröffentlicht.
paper-title = Papierbögen
paper-explain = Eine CSV-Datei mit einer Zeile pro Papierbogen und einer Spalte pro Fragecode (mehrere Wahlen oder eine Rangfolge durch ; getrennt), dazu wahlweise unit, collected_on (2026-11-23), contact_name, contact_phone, contact_email. Eine Datei mit fehlerhaften Zeilen wird nicht eingelesen, außer du wählst, sie zu überspringen.
paper-unit = Für die Gruppe
paper-unit-column = wie in der Spalte unit
paper-file = CSV-Datei
paper-skip-bad = Die guten Zeilen einlesen und die fehlerhaften überspringen
paper-import = Einlesen
paper-refused = Nichts wurde eingelesen: korrigiere die Zeilen unten oder lies erneut ein und überspringe sie.
paper-imported = Eingelesen:
paper-already = schon vorhanden:
paper-row = Zeile
paper-column = Spalte
paper-problem = Problem
public-intro = Deine Antworten werden anonym gezählt. Fragen mit * brauchen eine Antwort.
public-email = Deine E-Mail-Adresse
public-email-explain = Eine Antwort pro Adresse; die Adresse selbst wird nicht gespeichert.
public-contact-explain = Nur wenn du möchtest, dass wir dich wieder kontaktieren.
public-submit = Meine Antworten senden
public-thanks-title = Danke
public-thanks = Deine Antworten sind angekommen.
public-rank-place = Wahl { $n }
links-title = Öffentliche Links
links-explain = Wer einen Link hat, kann online für diese Gruppe antworten, ohne Konto.
links-one-per-email = eine Antwort pro E-Mail-Adresse
links-create = Einen Link öffnen
done-link-created = Der Link ist offen.
