"""The page's own words, in English and Spanish, and how errors name form fields."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from holdcalc.core.errors import Setting

LANGS = ("en", "es")

# How an error message names each setting: the form field that changes it.
FIELD_WORDS: dict[Setting, str] = {
    Setting.ZONE: 'the "Time zone" field',
    Setting.DAYFIRST: 'the "Day before month" box',
    Setting.HOURS: "the hold's length",
    Setting.ENCODING: "the file's encoding (save it as UTF-8)",
    Setting.START_COLUMN: 'the "Start column" field',
    Setting.RELEASED_COLUMN: 'the "Departure column" field',
    Setting.TZ_COLUMN: 'the "Zone column" field',
    Setting.START_TIME_COLUMN: 'the "Start column" field (put the date and time in one column)',
    Setting.RELEASED_TIME_COLUMN: 'the "Departure column" field',
    Setting.NAME_COLUMN: "a name column",
    Setting.FACILITY_COLUMN: "a facility column",
    Setting.POLICY_FILE: "the command line's policy file option",
    Setting.POLICY_LIST: 'the "Jurisdiction" list',
    Setting.FIELD_LIST: "the letter fields",
    Setting.OUTPUT: "the output",
    Setting.HOLIDAYS: 'the "Holidays" list (none)',
    Setting.STILL_HELD: 'the "Everyone is still held" box',
    Setting.OVERWRITE: "overwrite",
    Setting.SUMMARY_FILE: "the summary",
    Setting.DATE_FORMAT: 'the "Date format" field',
    Setting.GROUP_BY: 'the "Booking column (per-charge rows)" field',
    Setting.BOOKED_COLUMN: 'the "Booking time column" field',
    Setting.DISPOSITION_COLUMN: "the disposition column",
    Setting.HOLD_MATCH: 'the "Hold marker" field',
    Setting.CALENDAR_FILE: "the calendar file",
    Setting.REPORT_FILE: "the report",
    Setting.DRAFT: 'the "Draft" box',
    Setting.FACTS: 'the "Judicial warrant" and "Serious offence" answers',
    Setting.HEADER_ROW: 'the "Header row" field',
    Setting.NULL_VALUE: 'the "Words for no value" field',
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "holdcalc: when does an ICE hold end?",
        "nav_case": "One case",
        "nav_roster": "A roster",
        "other_lang": "Español",
        "disclaimer": "holdcalc is a calculator, not legal advice: check the start time, the "
        "zone and the calendar, and have a lawyer review anything filed.",
        "local": "This page runs on your own computer. What you enter is not sent anywhere "
        "and is not kept after the answer is shown.",
        "in_browser": "This page runs holdcalc inside your browser: nothing you enter or "
        "upload leaves this device. Two things need holdcalc installed on a computer: reading "
        "Excel workbooks (save the sheet as CSV to check it here) and the HTML report with "
        "its charts.",
        "kept": "Still chosen: {name}. Check it again, or choose another file.",
        "faster_engine": "{rows:,} rows were judged one by one: holdcalc installed with "
        "its {extra} extra checks a roster this size about twice as fast.",
        "no_excel_reader": "This page cannot read Excel workbooks here. Save the sheet as CSV "
        "(in Excel: File, Save As, CSV) and choose that file.",
        "case_intro": "When criminal custody ended (bail posted, charges dropped, sentence "
        "served), an immigration hold may start. Enter that time to see when the hold ends.",
        "start": "When criminal custody ended",
        "start_hint": "For example 2024-11-27 16:30 or 11/27/2024 4:30 PM, in the jail's time.",
        "tz": "Time zone of the jail",
        "released": "When the person actually left the jail",
        "departure": "Departure",
        "weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "midnight": "midnight",
        "hours_left": "h left",
        "all_day": "all day",
        "started": "The hold started",
        "left": "Left custody",
        "each_row_zone": "(the zone in each row's tz column)",
        "line": "Row",
        "reason": "Why",
        "released_hint": "Leave blank if the person is still held.",
        "still_held": "The person is still held",
        "as_of": "Still held as of",
        "as_of_hint": "Blank means now.",
        "who": "For letters and calendar files (optional)",
        "name": "Person's name",
        "facility": "Jail or facility",
        "booking": "Booking number",
        "law": "Rule and law",
        "jurisdiction": "State or local law",
        "jurisdiction_none": "None: the federal rule only",
        "rule": "Rule",
        "holidays": "Holidays",
        "dayfirst": "Day before month (03/04/2025 is 3 April)",
        "agency": "Who holds the person",
        "warrant": "Judicial warrant",
        "serious": "Serious offence (the law's conditions met)",
        "unknown": "Not known",
        "yes": "Yes",
        "no": "No",
        "submit_case": "Show when the hold ends",
        "expires": "The hold ends",
        "status": "Status",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "am": "AM",
        "pm": "PM",
        "choose_zone": "Choose the jail's time zone",
        "common_zones": "Common US zones",
        "other_zones": "Every other zone",
        "rows_checked": "Rows checked",
        "column_hold_status": "Status",
        "column_over_detained_hours": "Hours past the limit",
        "column_hold_expires_at": "Limit",
        "column_hold_error": "Why it could not be judged",
        "status_within-hold": "within the limit",
        "status_over-detained": "released after the limit",
        "status_possibly-over-detained": "may have been held past the limit (turns on the "
        "hour or a fact not given)",
        "status_active": "hold still running, within the limit",
        "status_expired": "still held past the limit",
        "status_stale": "no departure recorded, probably released (its hold began long ago)",
        "status_error": "could not be judged",
        "status_not-started": "hold never began",
        "status_hold-lifted": "hold lifted before it began",
        "status_no-hold": "no immigration hold",
        "status_left-before-hold": "left before the hold could begin",
        "ledger": "Day by day",
        "day": "Day",
        "counted": "Counted",
        "hours": "Hours",
        "total": "Total",
        "excluded": "not counted",
        "readings": "Other readings",
        "binding": "State and local law",
        "law_not_judged_case": "Not judged: this answer is the regulation's alone. Some "
        "states and cities forbid holds or shorten them: choose the place in \u201cState or "
        "local law\u201d (under \u201cRule and law\u201d) below to judge its law.",
        "sources": "Sources",
        "evidence": "How sure we are",
        "downloads": "Downloads",
        "demand": "Demand letter",
        "grievance": "Grievance (English)",
        "grievance_es": "Grievance (Spanish)",
        "ics": "Calendar file (.ics)",
        "no_letter": "No letter: ",
        "need_name": "give the person's name and the facility for letters.",
        "roster_intro": "Upload a roster (CSV or Excel): every row comes back with its verdict.",
        "roster": "Roster file (CSV, Excel or JSON)",
        "roster_hint": "Up to {limit} MB. Columns are found by name "
        "(eligible_at, released_at, tz, ...). A roster of 100,000 rows takes several "
        "seconds: keep the page open.",
        "options": "Options",
        "start_col": "Start column",
        "released_col": "Departure column",
        "tz_col": "Zone column",
        "still_held_all": "Everyone is still held (no departure column)",
        "null_values": "Words for no value, read as blank (e.g. NULL, N/A)",
        "group_by": "Booking column (per-charge rows)",
        "all_bookings": "Keep bookings with no hold",
        "booked_col": "Booking time column",
        "hold_match": "Hold marker (COLUMN=TEXT)",
        "sheet": "Sheet (name or number)",
        "header_row": "Header row",
        "date_format": "Date format (strptime, e.g. %d-%b-%y)",
        "bed_cost": "Daily bed cost ($)",
        "report_title": "Report title",
        "submit_roster": "Check the roster",
        "summary": "Summary",
        "lang_code": "en",
        "group_released_late": "Released after the limit",
        "group_still_held_past_limit": "Still held past the limit",
        "group_stale_no_departure": "No departure recorded, probably released",
        "group_past": "{days} days past it ({hours} h)",
        "group_stale_note": "hold began over {days} days ago: in no total",
        "download_csv": "Checked file (CSV)",
        "download_xlsx": "Checked file (Excel)",
        "download_report": "Report (HTML)",
        "download_letters": "Letters (zip)",
        "departures_after": "Rows whose departure comes after the as-of time, that is, is "
        "still to come: {count:,}. Their verdicts take the departure as given; check those "
        "values (a mistyped year?) or the as-of time.",
        "sheet_read": "Read the sheet \u201c{name}\u201d ({number} of {sheets}).",
        "sheet_hidden": "Read the sheet \u201c{name}\u201d ({number} of {sheets}), which the "
        "workbook hides: no sheet it shows has the columns of a roster.",
        "paired_time": "The times of \u201c{date}\u201d were read from \u201c{time}\u201d "
        "beside it.",
        "day_first": "Rows with a date that reads only day first (such as 27/11/2024): "
        "{count:,}. Slash dates were read month first (05/11/2024 as May 11); if this file "
        "writes the day first, tick \u201cDay before month\u201d and check it again.",
        "too_many_letters": "{count:,} rows were held past the limit: more than the "
        "{limit:,} letters this page makes, so it makes none. holdcalc installed on a "
        "computer writes them all.",
        "unpacked_too_big": "The file unpacks to more than {limit} MB (a compressed file or "
        "a workbook holds more than its size shows), too large to check on this page.",
        "no_workbook": "The checked file has more rows, columns or text than an Excel sheet "
        "holds, so it is offered as CSV only.",
        "text_named_workbook": "The file is named as an Excel workbook but holds text; it "
        "was read as text (CSV).",
        "zip_member": "Read \u201c{member}\u201d, the one file in the zip archive.",
        "web_table": "The file is a web page: its largest table was read ({rows:,} rows, "
        "the header's included; the page has {tables:,} tables).",
        "json_records": "The file holds JSON: its {rows:,} records were read as rows, their "
        "keys as columns.",
        "skipped_lines": "The header is on line {header_line}; the {skipped:,} line(s) above it "
        "(titles or notes) were skipped.",
        "bookings": "Charge rows: {charge_rows:,}, in {bookings:,} bookings; {without_hold:,} "
        "bookings have no hold row.",
        "denied_holds": "Rows that name a hold only to deny or undo it (the first: "
        "\u201c{first}\u201d): {count:,}. They were not taken as hold rows.",
        "stacked": "Read as a printed report: {bookings:,} booking lines and {charge_lines:,} "
        "charge lines.",
        "ended_by_hold_row": "The roster has no departure column, so each booking's hold is "
        "taken to end at its hold row's own \u201c{column}\u201d (how it ended is in the "
        "dispositions).",
        "holds_elsewhere": "Rows that name a hold only outside a charge column (the first: "
        "{first}): {count:,}. They were not taken as hold rows.",
        "zone_guessed": "The roster has no time-zone column and no zone was chosen, so every "
        "row was read in {zone}. Choose the jail's zone and check it again.",
        "zone_blank": "Some rows have a blank \u201c{column}\u201d cell and no zone was "
        "chosen, so they were read in {zone}. Choose the jail's zone and check it again.",
        "zone_unread": "The column \u201c{column}\u201d is named like a time zone, but no "
        "column was read as one: every row was read in {zone}. If it holds each row's zone, "
        "give its name in the \u201cZone column\u201d field and check again.",
        "long_overrun": "Rows past the limit by more than a year: {count:,} (the most: "
        "{days:,.0f} days). A hold that long is unlikely: check their start and departure "
        "values (a placeholder date such as 1970-01-01, a mistyped year).",
        "shared_bookings": "{column} \u201c{first}\u201d has {rows:,} rows with "
        "different starts ({bookings:,} such bookings in the first rows), as a "
        "per-charge export has: each row was judged as a hold of its own. To judge each "
        "booking by its hold row, give \u201c{column}\u201d in the \u201cBooking column "
        "(per-charge rows)\u201d field and check again.",
        "area_holidays": "With the holidays of {state}, {holidays} was counted as a working "
        "day; for a jail there, add its dates as local closure days.",
        "law_not_judged": "The roster has a \u201c{column}\u201d column, but no state or "
        "local law was judged: rows were judged under the rule alone. Choose a jurisdiction "
        "in the options (for rows with a blank cell) to judge each row's law.",
        "flagged_rows": "Flagged rows",
        "errors_rows": "Rows that could not be judged",
        "others_rows": "Other rows",
        "shown": "The first {shown} of {total} rows are shown; the downloads have them all.",
        "failed": "Could not do that",
        "csrf": "This form has expired. Reload the page and submit it again.",
        "too_big": "The file is larger than the {limit} MB limit. A bigger file needs holdcalc "
        "installed on a computer.",
        "not_found": "There is no such page.",
    },
    "es": {
        "title": "holdcalc: ¿cuándo termina una retención de ICE?",
        "nav_case": "Un caso",
        "nav_roster": "Una lista",
        "other_lang": "English",
        "disclaimer": "holdcalc es una calculadora, no asesoría legal: revise la hora de "
        "inicio, la zona y el calendario, y pida a un abogado que revise lo que presente.",
        "local": "Esta página funciona en su propia computadora. Lo que escribe no se envía "
        "a ningún lugar y no se guarda después de mostrar la respuesta.",
        "in_browser": "Esta página ejecuta holdcalc dentro de su navegador: nada de lo que "
        "escribe o sube sale de este dispositivo. Dos cosas necesitan holdcalc instalado en una "
        "computadora: leer libros de Excel (guarde la hoja como CSV para revisarla aquí) y el "
        "informe HTML con sus gráficos.",
        "kept": "Sigue elegido: {name}. Revíselo de nuevo, o elija otro archivo.",
        "faster_engine": "{rows:,} filas se juzgaron una por una: holdcalc instalado con "
        "su extra {extra} revisa una lista de este tamaño unas dos veces más rápido.",
        "no_excel_reader": "Esta página no puede leer libros de Excel aquí. Guarde la hoja como "
        "CSV (en Excel: Archivo, Guardar como, CSV) y elija ese archivo.",
        "case_intro": "Cuando terminó la custodia penal (se pagó la fianza, se retiraron los "
        "cargos, se cumplió la condena), puede empezar una retención migratoria. Escriba esa "
        "hora para ver cuándo termina la retención.",
        "start": "Cuándo terminó la custodia penal",
        "start_hint": "Por ejemplo 2024-11-27 16:30 o 11/27/2024 4:30 PM, en la hora de la cárcel.",
        "tz": "Zona horaria de la cárcel",
        "released": "Cuándo salió la persona de la cárcel",
        "departure": "Salida",
        "weekdays": "lun mar mié jue vie sáb dom",
        "midnight": "medianoche",
        "hours_left": "h restantes",
        "day_Saturday": "sábado",
        "day_Sunday": "domingo",
        "all_day": "todo el día",
        "started": "La retención empezó",
        "left": "Salió de la custodia",
        "each_row_zone": "(la zona de la columna tz de cada fila)",
        "line": "Fila",
        "reason": "Motivo",
        "released_hint": "Déjelo en blanco si la persona sigue detenida.",
        "still_held": "La persona sigue detenida",
        "as_of": "Sigue detenida a la fecha de",
        "as_of_hint": "En blanco significa ahora.",
        "who": "Para cartas y archivos de calendario (opcional)",
        "name": "Nombre de la persona",
        "facility": "Cárcel o centro",
        "booking": "Número de registro",
        "law": "Regla y ley",
        "jurisdiction": "Ley estatal o local",
        "jurisdiction_none": "Ninguna: solo la regla federal",
        "rule": "Regla",
        "holidays": "Feriados",
        "dayfirst": "Día antes del mes (03/04/2025 es el 3 de abril)",
        "agency": "Quién detiene a la persona",
        "warrant": "Orden judicial",
        "serious": "Delito grave (se cumplen las condiciones de la ley)",
        "unknown": "No se sabe",
        "yes": "Sí",
        "no": "No",
        "submit_case": "Ver cuándo termina la retención",
        "expires": "La retención termina",
        "status": "Estado",
        "months": "ene feb mar abr may jun jul ago sep oct nov dic",
        "am": "a. m.",
        "pm": "p. m.",
        "choose_zone": "Elija la zona horaria de la cárcel",
        "common_zones": "Zonas comunes de EE. UU.",
        "other_zones": "Todas las demás zonas",
        "rows_checked": "Filas revisadas",
        "column_hold_status": "Estado",
        "column_over_detained_hours": "Horas después del límite",
        "column_hold_expires_at": "Límite",
        "column_hold_error": "Por qué no se pudo juzgar",
        "status_within-hold": "dentro del límite",
        "status_over-detained": "liberada después del límite",
        "status_possibly-over-detained": "puede haber sido retenida después del límite "
        "(depende de la hora o de un dato que falta)",
        "status_active": "retención en curso, dentro del límite",
        "status_expired": "sigue retenida después del límite",
        "status_stale": "sin salida registrada, probablemente liberada (la retención comenzó "
        "hace mucho)",
        "status_error": "no se pudo juzgar",
        "status_not-started": "la retención no llegó a empezar",
        "status_hold-lifted": "retención retirada antes de empezar",
        "status_no-hold": "sin retención migratoria",
        "status_left-before-hold": "salió antes de que pudiera empezar la retención",
        "ledger": "Día por día",
        "day": "Día",
        "counted": "Contado",
        "hours": "Horas",
        "total": "Total",
        "excluded": "no se cuenta",
        "readings": "Otras lecturas",
        "binding": "Ley estatal y local",
        "law_not_judged_case": "No se juzgó: esta respuesta es solo la del reglamento. "
        "Algunos estados y ciudades prohíben las retenciones o las acortan: elija el lugar "
        "en \u201cLey estatal o local\u201d (en \u201cRegla y ley\u201d) abajo para juzgar su "
        "ley.",
        "sources": "Fuentes",
        "evidence": "Qué tan seguros estamos",
        "downloads": "Descargas",
        "demand": "Carta de exigencia",
        "grievance": "Queja (inglés)",
        "grievance_es": "Queja (español)",
        "ics": "Archivo de calendario (.ics)",
        "no_letter": "Sin carta: ",
        "need_name": "escriba el nombre de la persona y el centro para las cartas.",
        "roster_intro": "Suba una lista (CSV o Excel): cada fila vuelve con su veredicto.",
        "roster": "Archivo de la lista (CSV, Excel o JSON)",
        "roster_hint": "Hasta {limit} MB. Las columnas se reconocen por su nombre "
        "(eligible_at, released_at, tz, ...). Una lista de 100.000 filas tarda varios "
        "segundos: deje la página abierta.",
        "options": "Opciones",
        "start_col": "Columna de inicio",
        "released_col": "Columna de salida",
        "tz_col": "Columna de zona",
        "still_held_all": "Todos siguen detenidos (no hay columna de salida)",
        "null_values": "Palabras que indican que no hay valor, leídas como vacías "
        "(p. ej. NULL, N/A)",
        "group_by": "Columna de registro (filas por cargo)",
        "all_bookings": "Conservar los registros sin retención",
        "booked_col": "Columna de hora de registro",
        "hold_match": "Marca de retención (COLUMNA=TEXTO)",
        "sheet": "Hoja (nombre o número)",
        "header_row": "Fila del encabezado",
        "date_format": "Formato de fecha (strptime, p. ej. %d-%b-%y)",
        "bed_cost": "Costo diario por cama ($)",
        "report_title": "Título del informe",
        "submit_roster": "Revisar la lista",
        "summary": "Resumen",
        "lang_code": "es",
        "group_released_late": "Liberadas después del límite",
        "group_still_held_past_limit": "Siguen retenidas después del límite",
        "group_stale_no_departure": "Sin salida registrada, probablemente liberadas",
        "group_past": "{days} días después del límite ({hours} h)",
        "group_stale_note": "la retención comenzó hace más de {days} días: en ningún total",
        "download_csv": "Archivo revisado (CSV)",
        "download_xlsx": "Archivo revisado (Excel)",
        "download_report": "Informe (HTML)",
        "download_letters": "Cartas (zip)",
        "departures_after": "Filas cuya salida es posterior a la hora de referencia, es "
        "decir, aún por llegar: {count:,}. Sus veredictos toman la salida tal como está; "
        "revise esos valores (¿un año mal escrito?) o la hora de referencia.",
        "sheet_read": "Se leyó la hoja \u201c{name}\u201d ({number} de {sheets}).",
        "sheet_hidden": "Se leyó la hoja \u201c{name}\u201d ({number} de {sheets}), que el "
        "libro oculta: ninguna hoja visible tiene las columnas de una lista.",
        "paired_time": "Las horas de \u201c{date}\u201d se leyeron de \u201c{time}\u201d, "
        "la columna de al lado.",
        "day_first": "Filas con una fecha que solo se lee con el día primero (como "
        "27/11/2024): {count:,}. Las fechas con barras se leyeron con el mes primero "
        "(05/11/2024 como 11 de mayo); si este archivo escribe el día primero, marque "
        "\u201cDía antes del mes\u201d y revíselo de nuevo.",
        "too_many_letters": "{count:,} filas fueron retenidas después del límite: más de las "
        "{limit:,} cartas que hace esta página, así que no hace ninguna. holdcalc instalado en "
        "una computadora las escribe todas.",
        "unpacked_too_big": "El archivo se descomprime a más de {limit} MB (un archivo "
        "comprimido o un libro contiene más de lo que indica su tamaño), demasiado para "
        "revisarlo en esta página.",
        "no_workbook": "El archivo revisado tiene más filas, columnas o texto de lo que cabe "
        "en una hoja de Excel, así que se ofrece solo en CSV.",
        "text_named_workbook": "El archivo tiene nombre de libro de Excel pero contiene "
        "texto; se leyó como texto (CSV).",
        "zip_member": "Se leyó \u201c{member}\u201d, el único archivo del zip.",
        "web_table": "El archivo es una página web: se leyó su tabla más grande ({rows:,} "
        "filas, con la del encabezado; la página tiene {tables:,} tablas).",
        "json_records": "El archivo contiene JSON: sus {rows:,} registros se leyeron como "
        "filas y sus claves como columnas.",
        "skipped_lines": "El encabezado está en la línea {header_line}; se omitieron las "
        "{skipped:,} línea(s) de arriba (títulos o notas).",
        "bookings": "Filas de cargos: {charge_rows:,}, en {bookings:,} ingresos; {without_hold:,} "
        "ingresos no tienen fila de retención.",
        "denied_holds": "Filas que nombran una retención solo para negarla o anularla (la "
        "primera: \u201c{first}\u201d): {count:,}. No se tomaron como filas de retención.",
        "stacked": "Leído como un informe impreso: {bookings:,} líneas de ingreso y "
        "{charge_lines:,} líneas de cargos.",
        "ended_by_hold_row": "La lista no tiene columna de salida, así que la retención de cada "
        "ingreso se toma como terminada en la propia \u201c{column}\u201d de su fila de "
        "retención (cómo terminó está en las disposiciones).",
        "holds_elsewhere": "Filas que nombran una retención solo fuera de una columna de cargos "
        "(la primera: {first}): {count:,}. No se tomaron como filas de retención.",
        "zone_guessed": "La lista no tiene columna de zona horaria y no se eligió ninguna zona, "
        "así que cada fila se leyó en {zone}. Elija la zona de la cárcel y revísela de nuevo.",
        "zone_blank": "Algunas filas tienen vacía la celda \u201c{column}\u201d y no se "
        "eligió ninguna zona, así que se leyeron en {zone}. Elija la zona de la cárcel y "
        "revísela de nuevo.",
        "zone_unread": "La columna \u201c{column}\u201d tiene nombre de zona horaria, pero "
        "ninguna columna se leyó como zona: cada fila se leyó en {zone}. Si tiene la zona de "
        "cada fila, escriba su nombre en el campo \u201cColumna de zona\u201d y revísela de "
        "nuevo.",
        "long_overrun": "Filas que pasan el límite por más de un año: {count:,} (la que más: "
        "{days:,.0f} días). Una retención tan larga es improbable: revise sus valores de inicio "
        "y de salida (una fecha de relleno como 1970-01-01, un año mal escrito).",
        "shared_bookings": "{column} \u201c{first}\u201d tiene {rows:,} filas con "
        "inicios distintos ({bookings:,} registros así en las primeras filas), como las tiene "
        "una exportación por cargo: cada fila se juzgó como una retención aparte. Para juzgar "
        "cada registro por su fila de retención, escriba \u201c{column}\u201d en el campo "
        "\u201cColumna de registro (filas por cargo)\u201d y revísela de nuevo.",
        "area_holidays": "Con los feriados de {state}, {holidays} se contó como día hábil; "
        "para una cárcel de esa zona, añada sus fechas como días de cierre local.",
        "law_not_judged": "La lista tiene una columna \u201c{column}\u201d, pero no se juzgó "
        "ninguna ley estatal ni local: las filas se juzgaron solo con la regla. Elija una "
        "jurisdicción en las opciones (para las filas sin valor) para juzgar la ley de cada "
        "fila.",
        "flagged_rows": "Filas señaladas",
        "errors_rows": "Filas que no se pudieron juzgar",
        "others_rows": "Otras filas",
        "shown": "Se muestran las primeras {shown} de {total} filas; "
        "las descargas las tienen todas.",
        "failed": "No se pudo hacer",
        "csrf": "Este formulario venció. Vuelva a cargar la página y envíelo otra vez.",
        "too_big": "El archivo supera el límite de {limit} MB. Un archivo mayor necesita "
        "holdcalc instalado en una computadora.",
        "not_found": "No existe esa página.",
    },
}


def human_time(iso: str, zone: str | None, words: dict[str, str]) -> str:
    """An ISO 8601 time as a person reads it, in the page's language: "Mon 2 Dec 2024,
    4:30 PM CST" (the zone's abbreviation when the zone is known, else the offset)."""
    moment = dt.datetime.fromisoformat(iso)
    named = ""
    if zone:
        try:
            moment = moment.astimezone(ZoneInfo(zone))
            named = moment.tzname() or ""
        except (ZoneInfoNotFoundError, ValueError):
            named = ""
    if not named:
        minutes = round((moment.utcoffset() or dt.timedelta(0)).total_seconds() / 60)
        sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
        named = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{day_text(moment.date(), words)}, {clock_text(moment, words)} {named}"


def day_text(day: dt.date, words: dict[str, str]) -> str:
    """A date as people read it, in the page's language: "Wed 27 Nov 2024"."""
    weekday = words["weekdays"].split()[day.weekday()]
    return f"{weekday} {day.day} {words['months'].split()[day.month - 1]} {day.year}"


def clock_text(moment: dt.datetime, words: dict[str, str]) -> str:
    """The clock time alone: "4:30 PM", or the word for midnight."""
    if (moment.hour, moment.minute) == (0, 0):
        return words["midnight"]
    half = words["am" if moment.hour < 12 else "pm"]
    return f"{moment:%I:%M}".lstrip("0") + f" {half}"
