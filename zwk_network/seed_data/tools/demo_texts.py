"""Templates for plausible German demo entries; shared by the seed generator and bench/.

Every entry made from these is demo data (Beispieldaten): invented, marked as such.
"""

# (name pattern, kind, themes, target groups, summary, description, rhythm)
INITIATIVE_TEMPLATES = [
    (
        "Seniorenfrühstück {town}",
        "Initiative",
        ["begegnung", "senioren"],
        ["senioren"],
        "Einmal im Monat gemeinsam frühstücken, erzählen und Neuigkeiten aus dem Ort austauschen.",
        "Wir decken den Tisch im Gemeinderaum, bringen Brötchen und Marmelade mit und freuen uns "
        "über jedes neue Gesicht. Wer nicht mehr gut zu Fuß ist, wird auf Wunsch abgeholt.",
        "jeden ersten Mittwoch im Monat, 9 bis 11 Uhr",
    ),
    (
        "Jugendclub {town} e. V.",
        "Verein",
        ["jugend", "begegnung", "sport"],
        ["jugendliche"],
        "Treffpunkt für Jugendliche ab 12 Jahren: Billard, Musik, Ausflüge und eigene Projekte.",
        "Der Jugendclub wird von Jugendlichen mitgestaltet. Es gibt einen Bandraum, eine kleine "
        "Werkstatt und in den Ferien gemeinsame Fahrten an die Ostsee.",
        "Dienstag bis Freitag, 14 bis 19 Uhr",
    ),
    (
        "Ehrenamtlicher Fahrdienst {town}",
        "Initiative",
        ["mobilitaet", "senioren", "ehrenamt"],
        ["senioren", "menschen-mit-behinderung"],
        "Freiwillige fahren Menschen ohne Auto zum Arzt, zum Einkaufen oder zur Behörde.",
        "Fahrten bitte zwei Tage vorher anmelden. Wir fahren im Umkreis von etwa 25 Kilometern; "
        "die Fahrt kostet nur einen kleinen Beitrag für das Benzin.",
        "Montag bis Freitag nach Absprache",
    ),
    (
        "Mitfahrbank {town}",
        "Initiative",
        ["mobilitaet", "begegnung"],
        ["alle-generationen"],
        "Bänke an der Ortsausfahrt: wer dort sitzt, möchte mitgenommen werden.",
        "Die Mitfahrbänke stehen an den Ausfahrten Richtung Nachbarort. Ein Klappschild zeigt das "
        "Ziel. Autofahrende aus dem Ort nehmen Wartende gern mit.",
        "jederzeit",
    ),
    (
        "Dorfverein {town} e. V.",
        "Verein",
        ["begegnung", "kultur", "ehrenamt"],
        ["alle-generationen"],
        "Dorffeste, Erntedank, Adventsmarkt und ein offenes Ohr für neue Ideen im Ort.",
        "Der Dorfverein organisiert die Feste im Jahreslauf und pflegt das Dorfgemeinschaftshaus. "
        "Neue Mitglieder und Zugezogene sind herzlich willkommen.",
        "Vereinsabend jeden zweiten Donnerstag, 19 Uhr",
    ),
    (
        "Elterncafé {town}",
        "Initiative",
        ["familie", "begegnung"],
        ["familien", "kinder"],
        "Eltern mit kleinen Kindern treffen sich zum Elternfrühstück und Erfahrungsaustausch.",
        "Während die Kinder spielen, gibt es Kaffee und Gespräche. Ab und zu kommt eine Hebamme "
        "oder Erziehungsberaterin dazu und beantwortet Fragen.",
        "jeden Freitag, 9:30 bis 11:30 Uhr",
    ),
    (
        "SV Blau-Weiß {town} e. V.",
        "Verein",
        ["sport", "jugend", "gesundheit"],
        ["kinder", "jugendliche", "erwachsene"],
        "Fußball, Tischtennis und Gymnastik für alle Altersgruppen.",
        "Unsere Kinder- und Jugendmannschaften trainieren zweimal pro Woche. Für Ältere bieten wir "
        "Rückenfit und Sitzgymnastik an.",
        "Training Montag und Mittwoch ab 16:30 Uhr",
    ),
    (
        "Jugendfeuerwehr {town}",
        "Öffentliche Einrichtung",
        ["jugend", "ehrenamt"],
        ["kinder", "jugendliche"],
        "Technik, Teamgeist und Zeltlager: die Jugendfeuerwehr sucht Nachwuchs ab 10 Jahren.",
        "Wir üben mit Schläuchen und Pumpen, lernen Erste Hilfe und fahren jeden Sommer ins "
        "Kreiszeltlager. Die Ausrüstung wird gestellt.",
        "jeden Samstag, 10 bis 12 Uhr",
    ),
    (
        "Offener Nachmittag der Kirchengemeinde {town}",
        "Kirchengemeinde",
        ["begegnung", "senioren"],
        ["senioren", "alle-generationen"],
        "Kaffee, Kuchen und Gespräch im Pfarrhaus – unabhängig von Konfession.",
        "Beim offenen Nachmittag wird gesungen, vorgelesen und erzählt. Einmal im Quartal gibt es "
        "einen Ausflug mit dem Gemeindebus.",
        "jeden zweiten Dienstag, 14:30 Uhr",
    ),
    (
        "Digitale Sprechstunde {town}",
        "Initiative",
        ["digitales", "senioren", "bildung"],
        ["senioren", "erwachsene"],
        "Hilfe bei Smartphone, Tablet und Online-Terminen – geduldig und kostenlos.",
        "Junge Freiwillige erklären, wie man Fotos verschickt, Videoanrufe führt oder Termine beim "
        "Amt online bucht. Bringen Sie Ihr Gerät einfach mit.",
        "jeden Donnerstag, 15 bis 17 Uhr",
    ),
    (
        "Repair-Café {town}",
        "Initiative",
        ["umwelt", "begegnung"],
        ["alle-generationen"],
        "Gemeinsam reparieren statt wegwerfen: Toaster, Fahrräder, Kleidung.",
        "Ehrenamtliche Tüftlerinnen und Tüftler helfen beim Reparieren. Dazu gibt es Kaffee und "
        "selbst gebackenen Kuchen.",
        "jeden dritten Samstag, 10 bis 13 Uhr",
    ),
    (
        "Heimatverein {town} e. V.",
        "Verein",
        ["kultur", "bildung"],
        ["erwachsene", "senioren"],
        "Ortschronik, Heimatstube und Geschichten aus dem Dorf.",
        "Wir sammeln alte Fotos und Dokumente, bieten Ortsführungen an und laden zu "
        "Erzählcafés ein, in denen Ältere von früher berichten.",
        "Heimatstube sonntags 14 bis 17 Uhr geöffnet",
    ),
    (
        "Dorfladen {town} eG",
        "Unternehmen",
        ["nahversorgung", "begegnung"],
        ["alle-generationen"],
        "Genossenschaftlicher Dorfladen mit regionalen Produkten und Kaffee-Ecke.",
        "Der Laden wird von Bürgerinnen und Bürgern als Genossenschaft getragen. Es gibt Brot, "
        "Gemüse vom Hof nebenan, eine Paketstation und einen Tisch zum Klönen.",
        "Montag bis Samstag, 7 bis 12 Uhr",
    ),
    (
        "Gemeinschaftsgarten {town}",
        "Initiative",
        ["umwelt", "begegnung", "familie"],
        ["familien", "alle-generationen"],
        "Gemeinsam gärtnern, ernten und voneinander lernen.",
        "Auf der Fläche hinter der alten Schule bauen wir Gemüse und Kräuter an. Kinder der Kita "
        "haben ein eigenes Beet.",
        "Gartentreff samstags ab 10 Uhr (April bis Oktober)",
    ),
    (
        "Nachbarschaftshilfe {town}",
        "Initiative",
        ["ehrenamt", "senioren", "nahversorgung"],
        ["senioren", "menschen-mit-behinderung"],
        "Einkaufen, Rasen mähen, Formulare ausfüllen: Nachbarn helfen Nachbarn.",
        "Wir vermitteln kleine Hilfen im Alltag zwischen Menschen, die Unterstützung brauchen, "
        "und Menschen, die etwas Zeit verschenken möchten.",
        "telefonisch werktags 9 bis 12 Uhr",
    ),
    (
        "Lesepaten {town}",
        "Initiative",
        ["bildung", "ehrenamt"],
        ["kinder"],
        "Ehrenamtliche lesen mit Grundschulkindern und wecken Freude an Büchern.",
        "Einmal pro Woche kommen die Lesepatinnen und Lesepaten in die Schule und lesen mit "
        "einzelnen Kindern. Neue Patinnen und Paten werden geschult.",
        "während der Schulzeit",
    ),
    (
        "Willkommensnetz {town}",
        "Netzwerk",
        ["integration", "begegnung"],
        ["zugewanderte", "familien"],
        "Patenschaften, Sprachcafé und Begleitung für neu Zugezogene.",
        "Wir helfen beim Ankommen: bei Behördengängen, bei der Suche nach Kita-Plätzen und beim "
        "Deutschlernen im Sprachcafé.",
        "Sprachcafé jeden Montag, 17 Uhr",
    ),
    (
        "Chor {town}",
        "Verein",
        ["kultur", "begegnung"],
        ["erwachsene", "alle-generationen"],
        "Volkslieder, Pop und Shanties – Noten lesen ist keine Voraussetzung.",
        "Unser Chor singt zu Festen im Ort und einmal im Jahr beim Chortreffen der Region. "
        "Wir freuen uns besonders über Männerstimmen.",
        "Probe jeden Mittwoch, 19:30 Uhr",
    ),
    (
        "Gesprächskreis Pflegende Angehörige {town}",
        "Initiative",
        ["gesundheit", "senioren"],
        ["erwachsene", "senioren"],
        "Austausch und Entlastung für Menschen, die Angehörige pflegen.",
        "Im Gesprächskreis ist Raum für Sorgen und Tipps. Regelmäßig berichtet der Pflegestützpunkt "
        "über Hilfen und Ansprüche.",
        "jeden letzten Montag im Monat, 18 Uhr",
    ),
    (
        "Jugendforum {town}",
        "Initiative",
        ["jugend", "ehrenamt"],
        ["jugendliche"],
        "Jugendliche reden bei der Gemeinde mit: eigene Ideen, eigenes Budget.",
        "Das Jugendforum trifft sich mit der Bürgermeisterin und entscheidet über ein kleines "
        "Budget für Projekte von Jugendlichen im Ort.",
        "alle zwei Monate, Termine im Schaukasten",
    ),
    (
        "Generationenhof {town}",
        "Verein",
        ["wohnen", "begegnung", "senioren"],
        ["alle-generationen"],
        "Gemeinschaftliches Wohnen von Jung und Alt auf einem alten Gutshof.",
        "Auf dem Hof leben Familien und ältere Menschen in eigenen Wohnungen und teilen Garten, "
        "Werkstatt und Gemeinschaftsraum. Interessierte können den Hof besichtigen.",
        "Hofcafé am ersten Sonntag im Monat",
    ),
    (
        "Bewerbungswerkstatt {town}",
        "Initiative",
        ["arbeit", "jugend", "bildung"],
        ["jugendliche", "erwachsene"],
        "Hilfe bei Bewerbung, Praktikum und Ausbildungssuche in der Region.",
        "Gemeinsam mit Betrieben aus der Umgebung zeigen wir, welche Ausbildungen es vor Ort gibt, "
        "und üben Vorstellungsgespräche.",
        "jeden Dienstag, 16 bis 18 Uhr",
    ),
    (
        "Krabbelgruppe {town}",
        "Initiative",
        ["familie"],
        ["familien", "kinder"],
        "Spielen, singen und Kontakte knüpfen für Eltern mit Kindern bis drei Jahre.",
        "Die Krabbelgruppe trifft sich im Gemeinderaum. Spielzeug ist vorhanden, Tee und Kaffee auch.",
        "jeden Montag, 10 Uhr",
    ),
    (
        "Skatepark-Initiative {town}",
        "Initiative",
        ["jugend", "sport"],
        ["jugendliche"],
        "Jugendliche planen mit der Gemeinde einen Skatepark.",
        "Wir sammeln Spenden, bauen Rampen in Eigenleistung und suchen Fachleute, die uns beim Bau beraten.",
        "Treffen nach Absprache",
    ),
    (
        "Bürgerbus-Verein {town} e. V.",
        "Verein",
        ["mobilitaet", "ehrenamt"],
        ["senioren", "alle-generationen"],
        "Ein Kleinbus mit ehrenamtlichen Fahrern verbindet die Dörfer mit dem Zentrum.",
        "Der Bürgerbus fährt nach festem Fahrplan zu Arztpraxen, Geschäften und zum Bahnhof. "
        "Wer einen Führerschein Klasse B hat, kann mitfahren oder selbst fahren.",
        "Montag, Mittwoch und Freitag nach Fahrplan",
    ),
]

# (name pattern, kind, themes, target groups, summary, rooms, capacity, step_free)
MEETING_PLACE_TEMPLATES = [
    (
        "Dorfgemeinschaftshaus {town}",
        "Dorfgemeinschaftshaus",
        ["begegnung", "kultur"],
        ["alle-generationen"],
        "Saal mit Küche für Feste, Vereinsabende und Versammlungen.",
        "großer Saal (80 Plätze), Küche, Vereinszimmer",
        80,
        True,
    ),
    (
        "Jugendtreff {town}",
        "Jugendclub",
        ["jugend", "begegnung"],
        ["jugendliche"],
        "Offener Treff mit Kicker, Sofaecke und WLAN.",
        "Clubraum, Werkraum",
        30,
        False,
    ),
    (
        "Begegnungsstätte {town}",
        "Begegnungsstätte",
        ["begegnung", "senioren"],
        ["senioren", "alle-generationen"],
        "Räume für Seniorengruppen, Kurse und Feiern.",
        "Gruppenraum, Kursraum, Teeküche",
        40,
        True,
    ),
    (
        "Gemeindebibliothek {town}",
        "Bibliothek",
        ["bildung", "kultur", "digitales"],
        ["kinder", "alle-generationen"],
        "Bücher, Zeitschriften, Internetplätze und eine Leseecke für Kinder.",
        "Lesesaal, Gruppentisch für 12 Personen",
        25,
        True,
    ),
    (
        "Gemeindehaus {town}",
        "Gemeindehaus",
        ["begegnung"],
        ["alle-generationen"],
        "Gemeinderaum der Kirchengemeinde, offen auch für andere Gruppen.",
        "Gemeinderaum mit Klavier, Küche",
        50,
        False,
    ),
    (
        "Dorfcafé {town}",
        "Café",
        ["begegnung", "nahversorgung"],
        ["alle-generationen"],
        "Ehrenamtlich betriebenes Café im alten Bahnhofsgebäude.",
        "Caféraum, Terrasse",
        35,
        True,
    ),
]
