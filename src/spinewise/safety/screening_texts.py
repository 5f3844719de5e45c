"""The safety screening's words in every language the content is written in.

screening.py holds the questions, rules and advice in English (the source, and what the logic
keys on). Here each other language has a complete table: every question by its key, every group
heading, every rule's reason and every outcome's advice by its urgency. A test checks that each
language declared in content/languages.yaml has every entry, so a red-flag question or its advice
can never be left in English. The interface's gettext catalogues can read these tables as they are.

Written to mean exactly what the English says, no more and no less: same urgency, same action,
same conditions (see README, "Content in other languages"). Pure Python, like screening.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from spinewise.safety.screening import (
    ADVICE,
    BY_KEY,
    CANCER,
    GROUPS,
    INFECTION,
    INJURY,
    NERVES,
    ONSET,
    PATTERN,
    RULES,
    WEIGHT_NIGHT,
    Advice,
    Urgency,
)

SOURCE = "en"


@dataclass(frozen=True)
class ScreeningTexts:
    """One language's screening words: questions by key, groups and reasons by their English text."""

    questions: Mapping[str, str]
    groups: Mapping[str, str]
    reasons: Mapping[str, str]
    # urgency -> (headline, action)
    advice: Mapping[Urgency, tuple[str, str]]


_HASTA_QUE_TE_VEAN = (
    " Esta pausa se mantiene hasta que te vea un profesional sanitario: volver a responder las preguntas"
    " no la levanta; registrar que un médico o un fisioterapeuta te ha valorado, sí."
)

SPANISH = ScreeningTexts(
    groups={
        NERVES: "Vejiga, intestino y piernas",
        CANCER: "Enfermedades previas",
        INFECTION: "Infección",
        INJURY: "Caídas y lesiones",
        WEIGHT_NIGHT: "Peso y dolor nocturno",
        ONSET: "Cuándo empezó este dolor de espalda",
        PATTERN: "Rigidez y reposo",
    },
    questions={
        "passing_urine": "¿Te cuesta orinar desde hace poco, por ejemplo te cuesta empezar o el chorro es más"
        " débil de lo habitual?",
        "bladder_bowel": "¿Has perdido el control de la vejiga o del intestino, con escapes de orina o de heces"
        " sin querer (incontinencia)?",
        "saddle_numbness": "¿Notas entumecimiento u hormigueo alrededor de los genitales, los glúteos o el ano"
        " (anestesia en silla de montar)?",
        "sexual_function": "¿Han cambiado tus relaciones sexuales desde hace poco por entumecimiento o pérdida"
        " de función, por ejemplo menos sensibilidad en los genitales, o dificultad para tener una erección"
        " o para llegar al orgasmo (disfunción sexual)?",
        "both_legs": "¿Tienes dolor, entumecimiento o debilidad en las dos piernas a la vez?",
        "leg_weakness": "¿Se te está debilitando una pierna, o está tan débil que te falla?",
        "walking": "¿Te cuesta caminar desde hace poco porque las piernas no te responden bien?",
        "cancer_history": "¿Has tenido cáncer alguna vez?",
        "new_numbness": "Desde que empezó este dolor de espalda, ¿has notado algún entumecimiento, debilidad"
        " u hormigueo nuevo en cualquier parte del cuerpo?",
        "fever": "¿Has tenido fiebre, escalofríos con temblores o sudores?",
        "unwell": "¿Te encuentras mal en general, enfermo, y no solo con dolor de espalda?",
        "infection": "¿Has tenido alguna infección hace poco, como una infección de orina?",
        "weak_immunity": "¿Tienes el sistema inmunitario debilitado, por una enfermedad o por medicamentos"
        " como la quimioterapia (inmunodepresión)?",
        "injecting_drugs": "¿Te inyectas drogas o medicamentos que no te han recetado?",
        "major_accident": "¿Empezó este dolor después de un accidente grave, como un accidente de coche o una"
        " caída desde altura?",
        "minor_fall": "¿Empezó este dolor después de una caída leve, un golpe o un esfuerzo?",
        "thin_bones": "¿Te han dicho que tienes los huesos débiles o frágiles (osteoporosis)?",
        "steroid_tablets": "¿Has tomado corticoides en pastillas, como la prednisolona o la prednisona, durante"
        " 3 meses o más?",
        "sudden_central_pain": "¿Empezó de repente un dolor intenso en el centro de la espalda, justo a lo largo"
        " de la columna?",
        "eased_lying_down": "¿Ese dolor repentino se alivia cuando te tumbas?",
        "weight_loss": "¿Has perdido peso hace poco sin proponértelo?",
        "night_pain": "Por la noche, ¿el dolor sigue igual te tumbes como te tumbes, de modo que ningún cambio"
        " de postura lo alivia?",
        "first_back_pain": "¿Es la primera vez en tu vida que tienes dolor de espalda?",
        "began_after_50": "¿Empezó este dolor de espalda después de cumplir 50 años?",
        "began_before_20": "¿Empezó este dolor de espalda antes de cumplir 20 años?",
        "began_before_45": "¿Empezó este dolor de espalda antes de cumplir 45 años?",
        "lasted_3_months": "¿Dura este dolor de espalda más de 3 meses?",
        "no_better_month": "¿Ha pasado un mes o más sin que este dolor mejore nada?",
        "morning_stiffness": "¿Tienes la espalda rígida durante más de media hora después de levantarte por la"
        " mañana?",
        "better_moving": "¿El dolor mejora cuando te mueves y empeora cuando descansas?",
        "wakes_late_night": "¿El dolor te despierta en la segunda mitad de la noche, de madrugada?",
        "buttock_switching": "¿Tienes un dolor profundo en los glúteos que cambia de un lado a otro?",
        "anti_inflammatories_help": "¿El dolor se alivia mucho en uno o dos días al tomar analgésicos"
        " antiinflamatorios como el ibuprofeno o el naproxeno (AINE)?",
        "family_inflammatory": "¿A tu padre, tu madre, un hermano, una hermana o un hijo o hija tuyos les han"
        " dicho que tienen una enfermedad inflamatoria de la espalda o de las articulaciones?",
    },
    reasons={
        "a past cancer with new numbness, weakness or tingling": "un cáncer previo con entumecimiento,"
        " debilidad u hormigueo nuevos",
        "a minor fall with thin bones": "una caída leve con huesos frágiles",
        "a minor fall while taking steroid tablets long term": "una caída leve mientras tomas corticoides en"
        " pastillas durante mucho tiempo",
        "sudden severe pain along the spine that lying down eases": "un dolor intenso y repentino a lo largo de"
        " la columna que se alivia al tumbarte",
        "a first back pain that began after 50": "un primer dolor de espalda que empezó después de los 50 años",
        "a first back pain that began before 20": "un primer dolor de espalda que empezó antes de los 20 años",
        "pain that began after 50 and has not improved in a month": "un dolor que empezó después de los 50 años"
        " y no ha mejorado en un mes",
        "back pain that began before 45 and lasted over 3 months, with a pattern worth a doctor's look": (
            "un dolor de espalda que empezó antes de los 45 años y dura más de 3 meses, con un patrón que"
            " conviene que vea un médico"
        ),
    },
    advice={
        Urgency.EMERGENCY: (
            "Ve ahora mismo a urgencias.",
            "No hagas ejercicio. Lo que has respondido hay que revisarlo hoy, en persona y sin esperar: la"
            " presión sobre los nervios de la base de la columna, por ejemplo, puede causar daños permanentes"
            " en cuestión de horas. Si no puedes llegar, llama a tu número de emergencias."
            + _HASTA_QUE_TE_VEAN,
        ),
        Urgency.SAME_DAY: (
            "Ve al médico hoy.",
            "No hagas ejercicio. Llama hoy a tu centro de salud o a un servicio de atención urgente; si te"
            " encuentras muy mal, ve a urgencias." + _HASTA_QUE_TE_VEAN,
        ),
        Urgency.WITHIN_DAYS: (
            "Ve al médico en los próximos días.",
            "Pide cita con tu médico esta semana y cuéntale lo que has respondido aquí. Deja estos ejercicios"
            " hasta que un médico te haya revisado la espalda y te haya dicho que puedes hacer ejercicio."
            + _HASTA_QUE_TE_VEAN,
        ),
        Urgency.MENTION: (
            "Coméntaselo a tu médico en tu próxima consulta.",
            "Mientras tanto, puedes seguir haciendo ejercicio suave. Un dolor que dura, o un patrón de rigidez"
            " larga por la mañana que mejora al moverte, merece que lo vea un médico en una consulta normal.",
        ),
        Urgency.NONE: (
            "Nada de esto requiere ir antes al médico.",
            "Puedes empezar. Hazlo con suavidad, y detente si el dolor baja por una pierna o empeora de forma"
            " brusca.",
        ),
    },
)

TRANSLATIONS: dict[str, ScreeningTexts] = {"es": SPANISH}


def _table(lang: str) -> ScreeningTexts | None:
    return None if lang == SOURCE else TRANSLATIONS.get(lang)


def question_text(key: str, lang: str) -> str:
    """A question in `lang` (English for a language without a table). Unknown keys raise KeyError."""
    english = BY_KEY[key].text
    table = _table(lang)
    return table.questions[key] if table else english


def group_name(group: str, lang: str) -> str:
    table = _table(lang)
    return table.groups[group] if table else group


def reason(why: str, lang: str) -> str:
    table = _table(lang)
    return table.reasons[why] if table else why


def advice_in(urgency: Urgency, lang: str) -> Advice:
    """An outcome's advice in `lang`: the same urgency and decision, the words translated."""
    english = ADVICE[urgency]
    table = _table(lang)
    if table is None:
        return english
    headline, action = table.advice[urgency]
    return replace(english, headline=headline, action=action)


def missing(lang: str) -> list[str]:
    """What the table of `lang` lacks or has beyond the English, one line each; [] when complete."""
    table = TRANSLATIONS.get(lang)
    if table is None:
        return [f"{lang}: no screening table"]
    problems: list[str] = []

    def compare(what: str, english: set[str], have: set[str]) -> None:
        problems.extend(f"{lang}: {what} '{k}' is not translated" for k in sorted(english - have))
        problems.extend(f"{lang}: {what} '{k}' is not in the English" for k in sorted(have - english))

    compare("question", set(BY_KEY), set(table.questions))
    compare("group", set(GROUPS), set(table.groups))
    compare("reason", {rule.why for rule in RULES}, set(table.reasons))
    compare("advice", {u.name for u in ADVICE}, {u.name for u in table.advice})
    for key, text in [*table.questions.items(), *table.groups.items(), *table.reasons.items()]:
        if not text.strip():
            problems.append(f"{lang}: '{key}' is empty")
    for urgency, (headline, action) in table.advice.items():
        if not headline.strip() or not action.strip():
            problems.append(f"{lang}: advice '{urgency.name}' is empty")
    return problems
