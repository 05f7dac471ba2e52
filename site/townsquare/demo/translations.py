"""The demo site in other languages: translated home and hubs, translated stories and events, a
local hub, the authors' profiles and the topics' names.

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
                "Un canal pour partager en photo l’endroit d’où l’on travaille aujourd’hui. Ça paraît anodin ; c’est "
                "pourtant ce qui manque le plus quand on est en congé.",
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
                "Ein Kanal für Fotos von dem Ort, an dem wir heute arbeiten. Klingt banal – und doch fehlt er im Urlaub "
                "am meisten.",
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
                "Un canal para compartir fotos del sitio desde el que trabajamos hoy. Parece una tontería, pero es lo "
                "que más se echa de menos durante las vacaciones.",
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
                "今日の仕事場の写真を共有するチャンネル。ささいなことに思えますが、休暇中にいちばん恋しくなるのがこれです。",
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
                "قناة لصور الأماكن التي نعمل منها اليوم. يبدو الأمر تافهًا، لكنه أكثر ما نفتقده حين نكون في إجازة.",
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
                "Le premier matin de gel, j’ai failli prendre le bus. En février, c’était moi qui persuadais mes "
                "collègues d’essayer de rouler dans la neige.",
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
                "Am ersten frostigen Morgen hätte ich fast den Bus genommen. Im Februar überredete ich schon selbst "
                "Kolleginnen und Kollegen, das Radfahren im Schnee auszuprobieren.",
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
                "La primera mañana de escarcha estuve a punto de coger el autobús. En febrero era yo quien convencía "
                "a mis compañeros de probar a pedalear sobre la nieve.",
                "Las ruedas de clavos lo cambiaron todo, igual que unas luces que se ven también de lado.",
                "Las capas importan más que la ropa cara: lana fina, un cortavientos y manoplas.",
                "La recompensa: llegar despierto, con las preocupaciones del día ya ordenadas por el camino.",
            ],
        ),
        "ja": (
            "北国の冬、自転車で通勤する",
            "凍った路面、午後4時の暗さ、片道12キロ。ふさわしいライトとタイヤがあれば、思ったより簡単です。",
            [
                "初めて霜が降りた朝は、危うくバスに乗るところでした。2月には、雪の中を走ってみようと同僚を誘う側になっていました。",
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
                "في أول صباح متجمّد كدتُ أستقلّ الحافلة. وبحلول فبراير صرتُ أنا من يقنع زملائي بتجربة ركوب الدراجة في الثلج.",
                "الإطارات المسمارية غيّرت كل شيء، وكذلك الأضواء التي تُرى من الجانب أيضًا.",
                "الطبقات أهم من الملابس الغالية: صوف رقيق، وسترة واقية من الريح، وقفازات.",
                "والمكافأة: أن تصل إلى العمل يقظًا، وقد رتّبت هموم اليوم في الطريق.",
            ],
        ),
    },
}

# Events (content.HUBS, by slug) in other languages: the fields in words. Dates, times, addresses
# and links are the original's.
EVENTS = {
    "photo-walk-doors-of-vieux-lyon": {
        "fr": {
            "title": "Balade photo : les portes du Vieux Lyon",
            "summary": "Une heure et demie dans les ruelles et les traboules de la vieille ville, avec un seul "
            "thème : les portes. Tous les appareils sont les bienvenus, téléphones compris.",
            "body": [
                "Rendez-vous devant la cathédrale ; deux kilomètres de ruelles et de traboules, puis un café "
                "et les trois meilleures photos de chacun.",
                "Le thème, ce sont les portes : anciennes, peintes, entrouvertes. Cherchez la lumière qui les "
                "touche plutôt que la porte elle-même.",
                "Parlez bas dans les traboules : des gens y habitent.",
            ],
            "place": "Place Saint-Jean, devant la cathédrale",
            "hero_image_alt": "Illustration : un diaphragme d’appareil photo sur un ciel de crépuscule",
        },
        "ja": {
            "title": "フォトウォーク：旧市街リヨンの扉",
            "summary": "旧市街の路地と抜け道（トラブール）を90分歩きます。テーマは「扉」ひとつだけ。"
            "スマートフォンを含め、どんなカメラでも歓迎です。",
            "body": [
                "大聖堂の前に集合し、路地とトラブールを2キロほど歩いたあと、コーヒーを飲みながら"
                "各自のベスト3枚を見せ合います。",
                "テーマは扉です。古い扉、塗られた扉、半開きの扉。扉そのものより、扉に当たる光を探してみてください。",
                "トラブールの中では声を落としてください。そこには人が住んでいます。",
            ],
            "place": "サン・ジャン広場、大聖堂の前",
            "hero_image_alt": "イラスト：夕暮れの空を背にしたカメラの絞り",
        },
    },
    "saturday-group-ride": {
        "fr": {
            "title": "Sortie vélo du samedi",
            "summary": "Une boucle tranquille de 40 km le long de l’Ume, retour par les bois de bouleaux, à "
            "l’allure de la personne la plus lente. Tout vélo en bon état fera l’affaire.",
            "body": [
                "Départ de la place de l’hôtel de ville à neuf heures et demie ; on remonte la rivière par la "
                "piste cyclable, avec une pause café au pont de mi-parcours.",
                "Personne n’est laissé derrière : une personne donne l’allure en tête, une autre ferme la marche. "
                "Prévoyez de l’eau, une chambre à air de rechange si vous en avez une, et des lumières au cas où "
                "les nuages arriveraient.",
                "Vous n’avez jamais roulé en groupe ? Venez dix minutes plus tôt : nous reverrons ensemble les "
                "gestes à connaître.",
            ],
            "place": "Rådhustorget, devant l’hôtel de ville",
            "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
        },
        "de": {
            "title": "Gemeinsame Samstagsausfahrt",
            "summary": "Eine entspannte 40-km-Runde am Fluss Ume entlang und durch die Birkenwälder zurück, im "
            "Tempo der Langsamsten. Jedes verkehrstüchtige Rad ist willkommen.",
            "body": [
                "Wir starten um halb zehn am Rathausplatz und fahren auf dem Uferweg flussaufwärts, mit einer "
                "Kaffeepause an der Brücke auf halber Strecke.",
                "Niemand wird abgehängt: Vorne gibt eine Tourleitung das Tempo vor, hinten fährt eine zweite mit. "
                "Bringen Sie Wasser mit, einen Ersatzschlauch, falls vorhanden, und Licht, falls Wolken aufziehen.",
                "Zum ersten Mal in der Gruppe unterwegs? Kommen Sie zehn Minuten früher, dann gehen wir die "
                "Handzeichen gemeinsam durch.",
            ],
            "place": "Rådhustorget, vor dem Rathaus",
            "hero_image_alt": "Illustration: ein rotes Fahrrad auf einer Straße durch grüne Hügel",
        },
        "es": {
            "title": "Salida en grupo del sábado",
            "summary": "Una vuelta tranquila de 40 km junto al río Ume y de regreso por los bosques de abedules, "
            "al ritmo de quien vaya más despacio. Sirve cualquier bici en buen estado.",
            "body": [
                "Salimos de la plaza del ayuntamiento a las nueve y media y remontamos el río por el carril bici, "
                "con una parada para el café en el puente de mitad de camino.",
                "Nadie se queda atrás: una persona marca el ritmo delante y otra cierra el grupo. Trae agua, una "
                "cámara de repuesto si tienes, y luces por si se nubla.",
                "¿Es tu primera salida en grupo? Ven diez minutos antes y repasamos juntos las señales con la mano.",
            ],
            "place": "Rådhustorget, frente al ayuntamiento",
            "hero_image_alt": "Ilustración: una bicicleta roja en una carretera entre colinas verdes",
        },
        "ja": {
            "title": "土曜日のグループライド",
            "summary": "ウメ川沿いを走り、白樺の森を抜けて戻る、のんびりした40キロの周回コース。いちばんゆっくりな人の"
            "ペースで走ります。整備された自転車なら、どんな車種でも大丈夫です。",
            "body": [
                "9時半に市役所前の広場を出発し、川沿いの自転車道を上流へ。中間地点の橋でコーヒー休憩をとります。",
                "誰も置いていきません。先頭のリーダーがペースをつくり、もう一人が最後尾を走ります。水と、あれば予備の"
                "チューブ、それに天気が崩れたときのためのライトをお持ちください。",
                "グループで走るのは初めてですか？10分早く来ていただければ、ハンドサインを一緒に確認しましょう。",
            ],
            "place": "Rådhustorget（市役所前の広場）",
            "hero_image_alt": "イラスト：緑の丘を抜ける道に置かれた赤い自転車",
        },
        "ar": {
            "title": "جولة السبت الجماعية بالدراجة",
            "summary": "جولة هادئة بطول 40 كيلومترًا على ضفاف نهر أومِه، والعودة عبر غابات البتولا، بسرعة أبطأ "
            "المشاركين. تصلح أي دراجة بحالة جيدة.",
            "body": [
                "ننطلق من ساحة البلدية في التاسعة والنصف، ونسير عكس مجرى النهر على مسار الدراجات، مع استراحة "
                "قهوة عند الجسر في منتصف الطريق.",
                "لا أحد يبقى في الخلف: قائد في المقدمة يضبط السرعة، وآخر يسير في المؤخرة. أحضر ماءً، وأنبوبًا "
                "داخليًا احتياطيًا إن كان لديك، وأضواء تحسّبًا للغيوم.",
                "هل هذه أول مرة تركب فيها ضمن مجموعة؟ تعال قبل الموعد بعشر دقائق لنراجع معًا إشارات اليد.",
            ],
            "place": "Rådhustorget، أمام مبنى البلدية",
            "hero_image_alt": "رسم توضيحي: دراجة حمراء على طريق بين تلال خضراء",
        },
    },
    "online-co-working-meetup": {
        "fr": {
            "title": "Coworking en ligne",
            "summary": "Deux heures de travail au calme, en bonne compagnie, caméra allumée si vous le souhaitez. "
            "On commence par un tour rapide de ce que chacun prépare et on termine par ce qui a été fait.",
            "body": [
                "Travailler seul toute la journée est plus difficile qu’il n’y paraît. Travailler aux côtés "
                "d’autres personnes, même à travers un écran, aide à se lancer et à s’arrêter à l’heure.",
                "La salle ouvre à quatorze heures : on se dit bonjour, puis on travaille en silence, en deux "
                "séances de cinquante minutes avec une pause entre les deux. Les micros restent coupés pendant "
                "le travail.",
                "Le lien de la salle figure dans l’e-mail qui confirme votre place. Les horaires sont ceux de "
                "Lagos ; le fichier de calendrier les affiche à votre heure.",
            ],
            "hero_image_alt": "Illustration : un ordinateur portable et une tasse sur un bureau près d’une fenêtre",
        },
        "de": {
            "title": "Online-Coworking-Treffen",
            "summary": "Zwei Stunden konzentriertes Arbeiten in guter Gesellschaft, Kamera an, wenn Sie mögen. "
            "Wir beginnen mit einer kurzen Runde, woran alle arbeiten, und enden mit dem, was geschafft wurde.",
            "body": [
                "Den ganzen Tag allein zu arbeiten ist schwerer, als es klingt. Neben anderen zu arbeiten, selbst "
                "über den Bildschirm, macht es leichter, anzufangen und pünktlich aufzuhören.",
                "Wir öffnen den Raum um 14 Uhr, begrüßen uns und arbeiten dann still, in zwei Blöcken zu je "
                "fünfzig Minuten mit einer Pause dazwischen. Während der Arbeit bleiben die Mikrofone aus.",
                "Den Link zum Raum finden Sie in der E-Mail, die Ihren Platz bestätigt. Die Zeiten gelten für "
                "Lagos; die Kalenderdatei zeigt sie in Ihrer Zeitzone.",
            ],
            "hero_image_alt": "Illustration: ein Laptop und eine Tasse auf einem Schreibtisch am Fenster",
        },
        "es": {
            "title": "Encuentro de coworking en línea",
            "summary": "Dos horas de trabajo tranquilo en buena compañía, con la cámara encendida si quieres. "
            "Empezamos con una ronda rápida sobre lo que cada persona tiene entre manos y terminamos con lo que "
            "hemos hecho.",
            "body": [
                "Trabajar a solas todo el día es más difícil de lo que parece. Trabajar junto a otras personas, "
                "aunque sea a través de una pantalla, ayuda a arrancar y a parar a tiempo.",
                "Abrimos la sala a las dos, nos saludamos y después trabajamos en silencio, en dos bloques de "
                "cincuenta minutos con una pausa entre ellos. Los micrófonos se quedan apagados mientras trabajamos.",
                "El enlace a la sala llega en el correo que confirma tu plaza. Los horarios son de Lagos; el "
                "archivo de calendario los muestra en tu hora.",
            ],
            "hero_image_alt": "Ilustración: un portátil y una taza sobre un escritorio junto a una ventana",
        },
        "ja": {
            "title": "オンライン・コワーキング会",
            "summary": "仲間と一緒に、静かに2時間働きます。カメラはお好みで。最初に各自が取り組む内容を手短に共有し、"
            "最後に終わったことを報告し合います。",
            "body": [
                "一日中ひとりで働くのは、思っているより大変です。画面越しでも誰かと並んで働くと、始めるのも、時間"
                "どおりに切り上げるのも楽になります。",
                "14時にルームを開けてあいさつをしたら、あとは静かに作業します。50分の作業を2回、あいだに休憩を"
                "はさみます。作業中はマイクをオフにしてください。",
                "ルームへのリンクは、参加確定をお知らせするメールに記載しています。時刻はラゴス時間です。カレンダー"
                "ファイルを使えば、お住まいの地域の時刻で表示されます。",
            ],
            "hero_image_alt": "イラスト：窓辺の机に置かれたノートパソコンとマグカップ",
        },
        "ar": {
            "title": "لقاء عمل مشترك عبر الإنترنت",
            "summary": "ساعتان من العمل الهادئ في صحبة طيبة، والكاميرا مفتوحة إن شئت. نبدأ بجولة سريعة يذكر فيها "
            "كلٌّ منا ما يعمل عليه، ونختم بما أنجزناه.",
            "body": [
                "العمل وحيدًا طوال اليوم أصعب مما يبدو. أما العمل إلى جانب آخرين، ولو عبر الشاشة، فيسهّل البدء "
                "والتوقف في الموعد.",
                "نفتح الغرفة في الثانية بعد الظهر، ونتبادل التحية، ثم نعمل بصمت على فترتين مدة كلٍّ منهما خمسون "
                "دقيقة تتخللهما استراحة. تبقى الميكروفونات مغلقة أثناء العمل.",
                "يصلك رابط الغرفة في الرسالة التي تؤكد مكانك. المواعيد بتوقيت لاغوس، ويعرضها ملف التقويم بتوقيتك أنت.",
            ],
            "hero_image_alt": "رسم توضيحي: حاسوب محمول وكوب على مكتب بجانب نافذة",
        },
    },
}

# The authors' profiles (content.AUTHORS, by name) in every other language. Names stay as they are.
AUTHORS = {
    "Amara Okafor": {
        "fr": {
            "role": "Responsable succès client",
            "team": "Succès client",
            "region": "Lagos, Nigeria",
            "bio": "Travaille depuis une ancienne chambre d’amis, sur trois fuseaux horaires. "
            "Écrit sur les rituels qui rapprochent les équipes.",
        },
        "de": {
            "role": "Leiterin Customer Success",
            "team": "Customer Success",
            "region": "Lagos, Nigeria",
            "bio": "Arbeitet in einem umgebauten Gästezimmer, über drei Zeitzonen hinweg. "
            "Schreibt über Rituale, die Teams zusammenhalten.",
        },
        "es": {
            "role": "Responsable de éxito del cliente",
            "team": "Éxito del cliente",
            "region": "Lagos, Nigeria",
            "bio": "Trabaja desde un antiguo cuarto de invitados y en tres husos horarios. "
            "Escribe sobre los rituales que mantienen unidos a los equipos.",
        },
        "ja": {
            "role": "カスタマーサクセス・リード",
            "team": "カスタマーサクセス",
            "region": "ナイジェリア・ラゴス",
            "bio": "客間を改装した部屋から、3つのタイムゾーンをまたいで働いています。チームの距離を縮める習慣について書いています。",
        },
        "ar": {
            "role": "مسؤولة نجاح العملاء",
            "team": "نجاح العملاء",
            "region": "لاغوس، نيجيريا",
            "bio": "تعمل من غرفة ضيوف حوّلتها إلى مكتب، وعبر ثلاث مناطق زمنية. تكتب عن العادات التي تقرّب أعضاء الفريق.",
        },
    },
    "Jonas Lindqvist": {
        "fr": {
            "role": "Ingénieur backend",
            "team": "Plateforme",
            "region": "Umeå, Suède",
            "bio": "Pédale 24 km par jour, toute l’année. Gère le prêt de pneus d’hiver du bureau.",
        },
        "de": {
            "role": "Backend-Entwickler",
            "team": "Plattform",
            "region": "Umeå, Schweden",
            "bio": "Fährt das ganze Jahr über 24 km am Tag mit dem Rad. Betreut die Winterreifen-Ausleihe im Büro.",
        },
        "es": {
            "role": "Ingeniero de backend",
            "team": "Plataforma",
            "region": "Umeå, Suecia",
            "bio": "Pedalea 24 km al día, todo el año. Se encarga del préstamo de neumáticos de invierno de la oficina.",
        },
        "ja": {
            "role": "バックエンドエンジニア",
            "team": "プラットフォーム",
            "region": "スウェーデン・ウメオ",
            "bio": "一年中、毎日24キロを自転車で走っています。オフィスの冬用タイヤ貸し出しの係です。",
        },
        "ar": {
            "role": "مهندس برمجيات خلفية",
            "team": "المنصّة",
            "region": "أوميو، السويد",
            "bio": "يقطع 24 كيلومترًا بالدراجة كل يوم، طوال العام. يدير إعارة إطارات الشتاء في المكتب.",
        },
    },
    "Camille Moreau": {
        "fr": {
            "role": "Designer produit",
            "team": "Design",
            "region": "Lyon, France",
            "bio": "Photographe de rue à l’heure du déjeuner, designer le reste de la journée.",
        },
        "de": {
            "role": "Produktdesignerin",
            "team": "Design",
            "region": "Lyon, Frankreich",
            "bio": "Mittags Straßenfotografin, den Rest des Tages Designerin.",
        },
        "es": {
            "role": "Diseñadora de producto",
            "team": "Diseño",
            "region": "Lyon, Francia",
            "bio": "Fotógrafa callejera a la hora de comer y diseñadora el resto del día.",
        },
        "ja": {
            "role": "プロダクトデザイナー",
            "team": "デザイン",
            "region": "フランス・リヨン",
            "bio": "昼休みはストリートフォトグラファー、それ以外の時間はデザイナー。",
        },
        "ar": {
            "role": "مصمّمة منتجات",
            "team": "التصميم",
            "region": "ليون، فرنسا",
            "bio": "مصوّرة شوارع في استراحة الغداء، ومصمّمة بقية اليوم.",
        },
    },
    "Kenji Watanabe": {
        "fr": {
            "role": "Ingénieur support",
            "team": "Support",
            "region": "Osaka, Japon",
            "bio": "Répond aux questions des clients le jour et photographie les rivières de la ville la nuit.",
        },
        "de": {
            "role": "Support-Ingenieur",
            "team": "Support",
            "region": "Osaka, Japan",
            "bio": "Beantwortet tagsüber Fragen von Kundinnen und Kunden und fotografiert nachts die Flüsse der Stadt.",
        },
        "es": {
            "role": "Ingeniero de soporte",
            "team": "Soporte",
            "region": "Osaka, Japón",
            "bio": "De día responde a las preguntas de los clientes y de noche fotografía los ríos de la ciudad.",
        },
        "ja": {
            "role": "サポートエンジニア",
            "team": "サポート",
            "region": "日本・大阪",
            "bio": "昼はお客様の質問に答え、夜は街を流れる川を撮影しています。",
        },
        "ar": {
            "role": "مهندس دعم فني",
            "team": "الدعم الفني",
            "region": "أوساكا، اليابان",
            "bio": "يجيب عن أسئلة العملاء نهارًا، ويصوّر أنهار المدينة ليلًا.",
        },
    },
    "Layla Haddad": {
        "fr": {
            "role": "Partenaire RH",
            "team": "Ressources humaines",
            "region": "Amman, Jordanie",
            "bio": "A lancé le parrainage vélo entre collègues. Pense que chaque trajet peut être une petite aventure.",
        },
        "de": {
            "role": "HR-Business-Partnerin",
            "team": "Personal",
            "region": "Amman, Jordanien",
            "bio": "Hat das Fahrradpaten-Programm ins Leben gerufen. "
            "Findet, dass jeder Arbeitsweg ein kleines Abenteuer sein kann.",
        },
        "es": {
            "role": "Business partner de Personas",
            "team": "Personas",
            "region": "Amán, Jordania",
            "bio": "Puso en marcha el programa de compañeros de bici. "
            "Cree que cada trayecto al trabajo puede ser una pequeña aventura.",
        },
        "ja": {
            "role": "ピープルパートナー",
            "team": "人事",
            "region": "ヨルダン・アンマン",
            "bio": "自転車バディ制度の発起人。どんな通勤もちょっとした冒険になると信じています。",
        },
        "ar": {
            "role": "شريكة الموارد البشرية",
            "team": "الموارد البشرية",
            "region": "عمّان، الأردن",
            "bio": "أطلقت برنامج رفيق الدراجة. تؤمن بأن كل رحلة إلى العمل يمكن أن تكون مغامرة صغيرة.",
        },
    },
}

# The demo's topics (the tags of content.py, by name) in every other language.
TOPICS = {
    "home office": {
        "fr": "bureau à la maison",
        "de": "Homeoffice",
        "es": "oficina en casa",
        "ja": "在宅ワーク",
        "ar": "المكتب المنزلي",
    },
    "wellbeing": {"fr": "bien-être", "de": "Wohlbefinden", "es": "bienestar", "ja": "心と体の健康", "ar": "الرفاهية"},
    "teamwork": {
        "fr": "travail d’équipe",
        "de": "Teamarbeit",
        "es": "trabajo en equipo",
        "ja": "チームワーク",
        "ar": "العمل الجماعي",
    },
    "rituals": {"fr": "rituels", "de": "Rituale", "es": "rituales", "ja": "習慣", "ar": "العادات"},
    "meetings": {"fr": "réunions", "de": "Besprechungen", "es": "reuniones", "ja": "会議", "ar": "الاجتماعات"},
    "travel": {"fr": "voyage", "de": "Reisen", "es": "viajes", "ja": "旅", "ar": "السفر"},
    "winter riding": {
        "fr": "vélo en hiver",
        "de": "Radfahren im Winter",
        "es": "bici en invierno",
        "ja": "冬の自転車",
        "ar": "ركوب الدراجة في الشتاء",
    },
    "commuting": {
        "fr": "trajets domicile-travail",
        "de": "Arbeitsweg",
        "es": "ir al trabajo",
        "ja": "通勤",
        "ar": "التنقّل إلى العمل",
    },
    "health": {"fr": "santé", "de": "Gesundheit", "es": "salud", "ja": "健康", "ar": "الصحة"},
    "mentoring": {"fr": "mentorat", "de": "Mentoring", "es": "mentoría", "ja": "メンタリング", "ar": "الإرشاد"},
    "road safety": {
        "fr": "sécurité routière",
        "de": "Verkehrssicherheit",
        "es": "seguridad vial",
        "ja": "交通安全",
        "ar": "السلامة على الطرق",
    },
    "cities": {"fr": "villes", "de": "Städte", "es": "ciudades", "ja": "まちづくり", "ar": "المدن"},
    "light": {"fr": "lumière", "de": "Licht", "es": "luz", "ja": "光", "ar": "الضوء"},
    "technique": {"fr": "technique", "de": "Technik", "es": "técnica", "ja": "テクニック", "ar": "التقنيات"},
    "composition": {"fr": "composition", "de": "Bildaufbau", "es": "composición", "ja": "構図", "ar": "التكوين"},
    "gear": {"fr": "matériel", "de": "Ausrüstung", "es": "equipo", "ja": "機材", "ar": "المعدّات"},
    "field test": {
        "fr": "test sur le terrain",
        "de": "Praxistest",
        "es": "prueba de campo",
        "ja": "実地テスト",
        "ar": "اختبار ميداني",
    },
    "community": {"fr": "communauté", "de": "Gemeinschaft", "es": "comunidad", "ja": "コミュニティ", "ar": "المجتمع"},
    "walks": {"fr": "balades", "de": "Spaziergänge", "es": "paseos", "ja": "散歩", "ar": "جولات المشي"},
    "focus": {"fr": "concentration", "de": "Konzentration", "es": "concentración", "ja": "集中", "ar": "التركيز"},
}

# A hub that exists only in French: cycling to work in Lyon.
LOCAL_HUB = {
    "locale": "fr",
    "slug": "velotaf-lyon",
    "title": "Vélotaf Lyon",
    "colours": ((176, 72, 56), (246, 224, 188)),
    "motif": "bicycle",
    "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
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
        "author": "Camille Moreau",
        "topics": ["commuting", "cities"],
        "motif": "bicycle",
        "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
        "title": "Traverser le Rhône sans stress",
        "standfirst": "Trois ponts, trois ambiances : notre guide pour choisir le bon itinéraire selon l’heure.",
        "body": [
            "Le pont Lafayette est le plus direct, mais aussi le plus chargé entre huit et neuf heures.",
            "Le pont Morand offre une piste large et calme : idéal pour les débutants.",
            "Et vous, quel pont prenez-vous ? Racontez-le dans les commentaires.",
        ],
    },
    # Its Friday rides (the fields of content.HUBS's "events"): one to come, one past, like every hub.
    "events": [
        {
            "slug": "sortie-du-vendredi-quais-du-rhone",
            "title": "Sortie du vendredi : les quais du Rhône",
            "summary": "Une boucle tranquille de 15 km après le travail, des Terreaux au parc de Gerland par les "
            "quais du Rhône, retour par la rive droite. Tous les vélos sont les bienvenus.",
            "body": [
                "Départ à 18 h 30 précises devant la fontaine Bartholdi. On roule à l’allure de la personne la "
                "plus lente, avec une pause au parc de Gerland.",
                "Pensez à vos lumières : au retour, il fera peut-être nuit. Un vélo en libre-service convient très bien.",
            ],
            "motif": "bicycle",
            "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
            "organiser": "Camille Moreau",
            "days": 8,
            "weekday": 4,
            "start": "18:30",
            "end": "20:00",
            "time_zone": "Europe/Paris",
            "place": "Place des Terreaux, devant la fontaine Bartholdi",
            "address": "Place des Terreaux\n69001 Lyon",
            "capacity": 15,
            "sign_ups": [
                ("@lyon_moderator", "", ""),
                ("Jules M.", "jules@example.org", ""),
                ("Marco B.", "marco@example.org", ""),
                ("Hana K.", "hana@example.org", "unconfirmed"),
            ],
        },
        {
            "slug": "sortie-croix-rousse",
            "title": "Sortie du vendredi : la montée de la Croix-Rousse",
            "summary": "Douze kilomètres et une seule vraie côte : la montée de la Grande-Côte, à son rythme, "
            "avec un verre au sommet pour ceux qui le souhaitent.",
            "body": [
                "Nous étions neuf au départ et neuf en haut : la côte se monte très bien à pied, le vélo à la main.",
                "Merci à toutes et à tous ; la prochaine sortie longe les quais du Rhône.",
            ],
            "motif": "bicycle",
            "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
            "organiser": "Camille Moreau",
            "days": -12,
            "weekday": 4,
            "start": "18:30",
            "end": "20:00",
            "time_zone": "Europe/Paris",
            "place": "Place des Terreaux, devant la fontaine Bartholdi",
            "address": "Place des Terreaux\n69001 Lyon",
            "capacity": 15,
            "sign_ups": [
                ("@lyon_moderator", "", "checked in"),
                ("Jules M.", "jules@example.org", "checked in"),
                ("Marco B.", "marco@example.org", "checked in"),
                ("Hana K.", "hana@example.org", ""),
            ],
        },
    ],
}


# The hubs' reasons for decisions in each language, in the order of ``content.DECISION_REASONS``
# (each translation keeps the English reason's block id: a decision counts under one reason).
DECISION_REASONS = {
    "fr": [
        ("Hors sujet", "Cette communauté parle de son sujet ; votre commentaire portait sur autre chose."),
        (
            "Attaque personnelle",
            "Ici, on discute des idées, pas des personnes : votre commentaire attaquait quelqu'un.",
        ),
        ("Publicité", "Les commentaires ne servent pas à promouvoir des produits, des services ou des liens."),
        ("Données personnelles", "Votre commentaire donnait les coordonnées de quelqu'un (adresse, téléphone…)."),
    ],
    "de": [
        ("Themenfremd", "Diese Community spricht über ihr Thema; Ihr Kommentar ging um etwas anderes."),
        ("Persönlicher Angriff", "Hier geht es um Ideen, nicht um Personen: Ihr Kommentar griff jemanden an."),
        ("Werbung", "Kommentare sind kein Ort für Werbung für Produkte, Dienste oder Links."),
        (
            "Persönliche Daten",
            "Ihr Kommentar enthielt persönliche Daten einer Person, etwa Adresse oder Telefonnummer.",
        ),
    ],
    "es": [
        ("Fuera de tema", "Esta comunidad habla de su tema; tu comentario trataba de otra cosa."),
        ("Ataque personal", "Aquí se debaten ideas, no personas: tu comentario atacaba a alguien."),
        ("Publicidad", "Los comentarios no son un lugar para anunciar productos, servicios o enlaces."),
        ("Datos personales", "Tu comentario compartía datos personales de alguien, como una dirección o un teléfono."),
    ],
    "ar": [
        ("خارج الموضوع", "يتحدث هذا المجتمع عن موضوعه، وكان تعليقك عن شيء آخر."),
        ("هجوم شخصي", "نناقش هنا الأفكار لا الأشخاص، وقد هاجم تعليقك شخصًا آخر."),
        ("إعلان", "التعليقات ليست مكانًا للإعلان عن منتجات أو خدمات أو روابط."),
        ("بيانات شخصية", "شارك تعليقك بيانات شخصية لأحد الأشخاص، مثل عنوان أو رقم هاتف."),
    ],
    "ja": [
        ("話題外", "このコミュニティはテーマについて話す場です。あなたのコメントは別の話題でした。"),
        ("個人攻撃", "ここでは人ではなく考えについて話します。あなたのコメントは他の人を攻撃していました。"),
        ("宣伝", "コメント欄は製品やサービス、リンクを宣伝する場ではありません。"),
        ("個人情報", "あなたのコメントには住所や電話番号など、他の人の個人情報が含まれていました。"),
    ],
}
