# Textes de l'interface d'Enquête, en français. Chaque clé ici doit aussi exister en en, nl et de
# (un test le vérifie).

nav-tree = Organisation
nav-people = Personnes
nav-users = Comptes
nav-audit = Journal d'audit
nav-account = Mon compte
nav-logout = Se déconnecter

error-back = Retour
error-home = Accueil
error-title-input = Un champ du formulaire est à corriger
error-title-forbidden = Accès refusé
error-title-notfound = Introuvable
error-title-other = Une erreur s'est produite

login-title = Connexion
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-failed = L'adresse e-mail ou le mot de passe est incorrect.

tree-title = Organisation

unit-archived = archivée
unit-people-per-stage = Personnes par étape
unit-people-total = personnes
unit-members = membres
unit-stage = Étape
unit-now-at = Actuellement à cette étape
unit-reached = L'ont atteinte
unit-conversion = Depuis l'étape précédente
unit-children = Sous-unités
unit-name = Nom
unit-kind = Type
unit-see-people = Voir les personnes
unit-add-person = Ajouter une personne
unit-add-child = Ajouter une sous-unité
unit-create = Créer
unit-manage = Renommer, déplacer ou archiver
unit-new-name = Nouveau nom
unit-rename = Renommer
unit-move-under = Déplacer sous
unit-move = Déplacer
unit-restore = Restaurer
unit-archive = Archiver
unit-chart-label = Personnes par étape dans { $unit }

people-title = Personnes
people-search-placeholder = Nom, e-mail ou téléphone
people-search = Rechercher
people-any-stage = Toutes les étapes
people-tag = Étiquette
people-previous = Précédent
people-next = Suivant
people-summary = { $count } personnes trouvées
people-summary-own = { $count } personnes encodées par vous

person-name = Nom
person-unit = Unité
person-tags = Étiquettes
person-email = E-mail
person-phone = Téléphone
person-address = Adresse
person-languages = Langues
person-workplace = Lieu de travail ou profession
person-notes = Notes
person-since = Connu depuis
person-edit = Modifier
person-youth-wing = Organisation de jeunes
person-tags-placeholder = locataire, infirmière, syndicat
person-consent-contact = Accepte d'être recontacté
person-new = Ajouter une personne
person-edit-title = Modifier { $name }

ladder-move = Déplacer sur l'échelle
ladder-to = Vers
ladder-reason = Pourquoi
ladder-reason-placeholder = est venu à l'action pour la piscine
ladder-submit = Déplacer
ladder-history = Historique sur l'échelle

history-when = Quand
history-move = Passage
history-who = Par
history-why = Pourquoi

consent-title = Consentements
consent-purpose = Finalité
consent-status = Statut
consent-source = Où et comment
consent-given = donné
consent-withdrawn = retiré
consent-source-placeholder = porte-à-porte, appel téléphonique, formulaire en ligne
consent-record = Enregistrer

form-save = Enregistrer

dup-title = Doublons possibles
dup-explain = Fiches qui partagent une adresse e-mail ou un numéro de téléphone. La fusion garde la première fiche, complète ses champs vides avec la seconde, réunit étiquettes, consentements et historique, puis supprime la seconde.
dup-none = Aucun doublon trouvé.
dup-keep = Garder
dup-other = À fusionner
dup-reason = Pourquoi
dup-merge = Fusionner
dup-same-email = même e-mail
dup-same-phone = même téléphone

users-title = Comptes
users-name = Nom
users-role = Rôle
users-add = Ajouter un compte
users-create = Créer le compte
users-created = Compte créé pour { $email }. Transmettez ce mot de passe à usage unique à la personne : elle choisira le sien à la première connexion. Il ne sera plus affiché.

account-title = Mon compte
account-must-change = Vous vous êtes connecté avec un mot de passe à usage unique. Choisissez votre propre mot de passe pour continuer.
account-change-password = Changer le mot de passe
account-current = Mot de passe actuel
account-new = Nouveau mot de passe (au moins 10 caractères)

audit-title = Journal d'audit
audit-explain = Chaque consultation ou modification d'une fiche personnelle par l'équipe. Les entrées ne peuvent être ni modifiées ni supprimées.
audit-action = Action
audit-person = Personne
audit-detail = Détail
audit-from = Provenance

done-unit-created = L'unité a été créée.
done-unit-renamed = L'unité a été renommée.
done-unit-moved = L'unité a été déplacée, avec tout ce qui se trouve en dessous.
done-unit-archived = L'unité a été archivée, avec tout ce qui se trouve en dessous.
done-unit-restored = L'unité a été restaurée.
done-person-saved = Enregistré.
done-stage-moved = Déplacé sur l'échelle.
done-consent-recorded = Consentement enregistré.
done-merged = Les deux fiches ont été fusionnées.
done-password-changed = Votre mot de passe a été changé.

stage-contact = contact
stage-sympathiser = sympathisant
stage-active = actif
stage-member = membre
stage-organizer = organisateur
stage-leader = dirigeant

kind-nation = national
kind-region = région
kind-city = ville
kind-neighbourhood = section de quartier
kind-workplace = section d'entreprise
kind-youth = section jeunes

role-national_admin = administrateur national
role-organizer = organisateur
role-canvasser = enquêteur
role-analyst = analyste
role-steward = responsable d'entreprise
role-gate_scanner = contrôle à l'entrée

purpose-contact = être recontacté
purpose-newsletter = newsletter
purpose-survey_link = relier les réponses aux enquêtes à son nom
purpose-membership = données d'affiliation

nav-canvass = Enquête de terrain
canvass-title = Enquête de terrain
canvass-unit = Pour la section
canvass-channel = Où
canvass-contact = Coordonnées (seulement avec leur accord)
canvass-save = Enregistrer cette réponse
canvass-needs-script = Cette page a besoin de JavaScript pour fonctionner hors ligne.
canvass-no-surveys = Il n'y a pas encore d'enquête.
canvass-js-pending = { $n } en attente d'envoi
canvass-js-sent = { $n } envoyées
canvass-js-saved = Enregistrée sur ce téléphone.
canvass-js-offline = Pas de connexion : { $n } gardées sur ce téléphone, envoyées dès le retour du réseau.
canvass-js-server-problem = Le serveur a répondu { $n } ; les réponses restent sur ce téléphone et seront renvoyées.
canvass-js-required = Veuillez répondre :
canvass-js-rank-hint = Cochez jusqu'à { $n }, la plus importante d'abord.
canvass-js-no-survey = L'enquête n'a pas pu être chargée ({ $n }).
channel-door = en porte-à-porte
channel-workplace = au travail
channel-street = en rue
channel-online = en ligne
channel-paper = sur papier
nav-surveys = Enquêtes
surveys-title = Enquêtes
surveys-name = Enquête
surveys-version = Version
surveys-questions = Questions
surveys-responses = Réponses
surveys-collect = Interroger
surveys-download = Télécharger en XLSForm
surveys-import = Publier depuis un XLSForm
surveys-import-explain = Un classeur XLSForm (.xlsx, comme pour ODK ou KoboToolbox). Un nouveau form_id crée une nouvelle enquête ; un form_id existant reçoit une nouvelle version, et les versions précédentes restent inchangées.
surveys-file = Fichier XLSForm
surveys-upload = Publier
surveys-code = Code
surveys-question = Question
surveys-type = Type
surveys-skip = Posée seulement si
surveys-demographic = démographique
qtype-single-choice = un choix
qtype-multiple-choice = plusieurs choix
qtype-ranking = classement
qtype-scale = échelle
qtype-number = nombre
qtype-text = texte libre
done-survey-published = L'enquête a été publiée.
paper-title = Formulaires papier
paper-explain = Un fichier CSV avec une ligne par formulaire papier et une colonne par code de question (plusieurs choix ou un classement séparés par ;), et éventuellement unit, collected_on (2026-11-23), contact_name, contact_phone, contact_email. Un fichier avec des lignes erronées n'est pas importé, sauf si vous choisissez de les ignorer.
paper-unit = Pour la section
paper-unit-column = selon la colonne unit
paper-file = Fichier CSV
paper-skip-bad = Importer les bonnes lignes et ignorer les erronées
paper-import = Importer
paper-refused = Rien n'a été importé : corrigez les lignes ci-dessous, ou importez à nouveau en les ignorant.
paper-imported = Importées :
paper-already = déjà présentes :
paper-row = Ligne
paper-column = Colonne
paper-problem = Problème
public-intro = Vos réponses sont comptées de façon anonyme. Les questions marquées * demandent une réponse.
public-email = Votre adresse e-mail
public-email-explain = Une réponse par adresse ; l'adresse elle-même n'est pas conservée.
public-contact-explain = Seulement si vous voulez que nous vous recontactions.
public-submit = Envoyer mes réponses
public-thanks-title = Merci
public-thanks = Vos réponses ont bien été reçues.
public-rank-place = Choix { $n }
links-title = Liens publics
links-explain = Toute personne qui a un lien peut répondre en ligne pour cette section, sans compte.
links-one-per-email = une réponse par adresse e-mail
links-create = Ouvrir un lien
done-link-created = Le lien est ouvert.
