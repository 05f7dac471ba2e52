"""The demo site in other languages: translated home and hubs, translated stories, a local hub.

Languages without a translation of a page simply do not list it: the hub index
of each locale shows what exists there, and the language switcher offers only
the translations that exist.
"""

HOME = {
    "fr": (
        "Townsquare",
        "<p>Des communautés animées par celles et ceux qui travaillent ici, autour de ce qui compte "
        "pour nos clients : travailler de partout, se déplacer à vélo, mieux photographier.</p>",
    ),
    "de": (
        "Townsquare",
        "<p>Gemeinschaften, getragen von den Menschen, die hier arbeiten – rund um das, was unseren "
        "Kundinnen und Kunden wichtig ist: ortsunabhängig arbeiten, mit dem Rad unterwegs sein, besser fotografieren.</p>",
    ),
    "es": (
        "Townsquare",
        "<p>Comunidades animadas por las personas que trabajan aquí, sobre lo que importa a nuestros "
        "clientes: trabajar desde cualquier lugar, moverse en bicicleta, hacer mejores fotos.</p>",
    ),
    "ja": (
        "Townsquare",
        "<p>ここで働く人たちが運営する、お客様が大切にしていることのためのコミュニティ。"
        "どこでも働くこと、自転車での移動、もっと良い写真。</p>",
    ),
    "ar": (
        "Townsquare",
        "<p>مجتمعات يديرها العاملون هنا حول ما يهمّ عملاءنا: العمل من أي مكان، والتنقّل بالدراجة، والتقاط صور أفضل.</p>",
    ),
}

HUBS = {
    "workshifting": {
        "fr": ("Travailler autrement", "Bien travailler de partout : à la maison, en déplacement, au café du coin."),
        "de": ("Anders arbeiten", "Gut arbeiten, egal wo: zu Hause, unterwegs, im Café um die Ecke."),
        "es": (
            "Trabajar en remoto",
            "Trabajar bien desde cualquier lugar: en casa, de viaje, en la cafetería de la esquina.",
        ),
        "ja": ("ワークシフティング", "どこでも気持ちよく働く：自宅でも、移動中でも、近所のカフェでも。"),
        "ar": ("العمل المرن", "العمل الجيد من أي مكان: في البيت، وفي السفر، وفي المقهى القريب."),
    },
    "freewheelin": {
        "fr": (
            "Roue libre",
            "Aller au travail à vélo, rester en forme et rendre nos villes plus agréables à parcourir.",
        ),
        "de": ("Freilauf", "Mit dem Rad zur Arbeit, gesund bleiben und unsere Städte fahrradfreundlicher machen."),
        "es": (
            "Rueda libre",
            "Ir al trabajo en bicicleta, mantenerse en forma y hacer nuestras ciudades más amables.",
        ),
        "ja": ("フリーホイーリン", "自転車通勤で健康に。走りやすい街づくりも一緒に。"),
        "ar": ("على عجلتين", "الذهاب إلى العمل بالدراجة، والحفاظ على الصحة، وجعل مدننا أجمل للتنقّل."),
    },
    "through-the-lens": {
        "fr": (
            "À travers l’objectif",
            "La photo pour tous : de meilleures images avec l’appareil que vous avez déjà.",
        ),
        "de": ("Durch die Linse", "Fotografie für alle: bessere Bilder mit der Kamera, die Sie schon haben."),
        "es": ("A través del objetivo", "Fotografía para todos: mejores fotos con la cámara que ya tiene."),
        "ja": ("レンズの向こうに", "みんなの写真：今あるカメラで、もっと良い一枚を。"),
        "ar": ("من خلال العدسة", "التصوير للجميع: صور أفضل بالكاميرا التي تملكها بالفعل."),
    },
}

STORIES = {
    "five-rituals-distributed-team": {
        "fr": (
            "Cinq rituels qui rapprochent une équipe répartie",
            "Notre équipe couvre quatre fuseaux horaires. Ces petites habitudes font plus pour nous que n’importe quel outil.",
            [
                "Les notes du lundi : chacun écrit trois lignes sur sa semaine à venir, avant neuf heures à son heure locale.",
                "Les démos du vendredi : vingt minutes, caméra facultative, on montre ce qu’on a fait, même inachevé.",
                "Une seule réunion synchrone, animée à tour de rôle, pour que ce ne soient pas toujours les mêmes voix.",
                "Et une fois par an, on se retrouve en vrai, sans diapositives.",
            ],
        ),
        "de": (
            "Fünf Rituale, die ein verteiltes Team zusammenhalten",
            "Unser Team arbeitet in vier Zeitzonen. Diese kleinen Gewohnheiten helfen uns mehr als jedes Werkzeug.",
            [
                "Montagsnotizen: Alle schreiben drei Zeilen über ihre Woche – vor neun Uhr Ortszeit.",
                "Demo-Freitage: zwanzig Minuten, Kamera freiwillig, gezeigt wird alles, auch Unfertiges.",
                "Eine einzige gemeinsame Besprechung mit wechselnder Moderation, damit nicht immer dieselben reden.",
                "Und einmal im Jahr treffen wir uns persönlich – ohne Folien.",
            ],
        ),
        "es": (
            "Cinco rituales que mantienen unido a un equipo distribuido",
            "Nuestro equipo abarca cuatro husos horarios. Estos pequeños hábitos nos ayudan más que cualquier herramienta.",
            [
                "Notas del lunes: cada persona escribe tres líneas sobre su semana antes de las nueve, hora local.",
                "Viernes de demos: veinte minutos, cámara opcional, se enseña lo que sea, aunque esté a medias.",
                "Una sola reunión síncrona con presentación rotativa, para que no hablen siempre los mismos.",
                "Y una vez al año nos vemos en persona, sin diapositivas.",
            ],
        ),
        "ja": (
            "分散チームをつなぐ5つの習慣",
            "私たちのチームは4つのタイムゾーンにまたがっています。どんなツールよりも、この小さな習慣が役に立っています。",
            [
                "月曜メモ：各自が現地時間の9時までに、その週の予定を3行で書きます。",
                "金曜デモ：20分間、カメラは任意。未完成でも、やったことを見せ合います。",
                "全員が集まる会議は週に一度だけ。司会は持ち回りにして、いつも同じ人ばかりが話さないようにしています。",
                "そして年に一度、スライドなしで実際に顔を合わせます。",
            ],
        ),
        "ar": (
            "خمس عادات تجمع فريقًا موزّعًا",
            "يمتد فريقنا على أربع مناطق زمنية. هذه العادات الصغيرة تفيدنا أكثر من أي أداة.",
            [
                "ملاحظات الاثنين: يكتب كل واحد ثلاثة أسطر عن أسبوعه قبل التاسعة بتوقيته المحلي.",
                "عروض الجمعة: عشرون دقيقة، والكاميرا اختيارية، نعرض ما أنجزناه ولو لم يكتمل.",
                "اجتماع متزامن واحد فقط، تتناوب إدارته بيننا، حتى لا تتكلم الأصوات نفسها دائمًا.",
                "ومرة في السنة نلتقي وجهًا لوجه، من دون شرائح عرض.",
            ],
        ),
    },
    "cycling-through-a-northern-winter": {
        "fr": (
            "Aller au travail à vélo pendant un hiver nordique",
            "Verglas, nuit à seize heures et douze kilomètres de trajet. C’est plus facile qu’il n’y paraît, avec les bons "
            "éclairages et les bons pneus.",
            [
                "Les pneus cloutés ont tout changé, tout comme des éclairages visibles aussi de côté.",
                "Les couches comptent plus que les vêtements chers : une fine laine, une coupe-vent et des moufles.",
                "La récompense : arriver bien réveillé, les soucis du jour déjà rangés en chemin.",
            ],
        ),
        "de": (
            "Mit dem Rad zur Arbeit durch einen nordischen Winter",
            "Eis, Dunkelheit um vier Uhr und zwölf Kilometer Arbeitsweg. Mit den richtigen Lampen und Reifen ist es "
            "leichter, als es klingt.",
            [
                "Spikereifen haben alles verändert – ebenso Lampen, die man auch von der Seite sieht.",
                "Schichten zählen mehr als teure Kleidung: dünne Wolle, eine winddichte Jacke und Fäustlinge.",
                "Der Lohn: wach ankommen, die Sorgen des Tages schon unterwegs sortiert.",
            ],
        ),
        "es": (
            "En bici al trabajo durante un invierno nórdico",
            "Hielo, oscuridad a las cuatro y doce kilómetros de trayecto. Con las luces y las ruedas adecuadas es más "
            "fácil de lo que parece.",
            [
                "Las ruedas de clavos lo cambiaron todo, igual que unas luces que se ven también de lado.",
                "Las capas importan más que la ropa cara: lana fina, un cortavientos y manoplas.",
                "La recompensa: llegar despierto, con las preocupaciones del día ya ordenadas por el camino.",
            ],
        ),
        "ja": (
            "北国の冬、自転車で通勤する",
            "凍った路面、午後4時の暗さ、片道12キロ。ふさわしいライトとタイヤがあれば、思ったより簡単です。",
            [
                "スパイクタイヤがすべてを変えました。横からも見えるライトも同じくらい大切です。",
                "高い服より重ね着が大事：薄手のウール、ウィンドブレーカー、そしてミトン。",
                "ごほうびは、すっきり目覚めて職場に着き、その日の心配事を道中で整理し終えていること。",
            ],
        ),
        "ar": (
            "إلى العمل بالدراجة في شتاء الشمال",
            "جليد، وظلام في الرابعة عصرًا، واثنا عشر كيلومترًا في الطريق. الأمر أسهل مما يبدو مع الأضواء والإطارات "
            "المناسبة.",
            [
                "الإطارات المسمارية غيّرت كل شيء، وكذلك الأضواء التي تُرى من الجانب أيضًا.",
                "الطبقات أهم من الملابس الغالية: صوف رقيق، وسترة واقية من الريح، وقفازات.",
                "والمكافأة: أن تصل إلى العمل يقظًا، وقد رتّبت هموم اليوم في الطريق.",
            ],
        ),
    },
}

# A hub that exists only in French: cycling to work in Lyon.
LOCAL_HUB = {
    "locale": "fr",
    "slug": "velotaf-lyon",
    "title": "Vélotaf Lyon",
    "topic_statement": "Aller au bureau à vélo à Lyon : itinéraires, ateliers de réparation et sorties du vendredi.",
    "intro": "<p>Une communauté locale, pour celles et ceux qui pédalent entre la Croix-Rousse et la Part-Dieu.</p>",
    "guidelines": (
        "<p>Une communauté autour du vélo, pas autour de nous. Partagez ce que vous savez, "
        "demandez ce que vous ignorez.</p>"
        "<ul><li>Soyez bienveillants : on discute des idées, pas des personnes.</li>"
        "<li>Restez dans le sujet, et pas de publicité.</li>"
        "<li>Gardez vos données personnelles (et celles des autres) hors des commentaires.</li></ul>"
        "<p>Un premier commentaire est lu par une modératrice avant d’apparaître.</p>"
    ),
    "story": {
        "slug": "traverser-le-rhone-sans-stress",
        "title": "Traverser le Rhône sans stress",
        "standfirst": "Trois ponts, trois ambiances : notre guide pour choisir le bon itinéraire selon l’heure.",
        "body": [
            "Le pont Lafayette est le plus direct, mais aussi le plus chargé entre huit et neuf heures.",
            "Le pont Morand offre une piste large et calme : idéal pour les débutants.",
            "Et vous, quel pont prenez-vous ? Racontez-le dans les commentaires.",
        ],
    },
}
