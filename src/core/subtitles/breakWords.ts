/**
 * Words that decide where a subtitle line may break, per target language. Subtitle guidelines ask
 * for breaks before a conjunction or preposition and never after an article, so each language
 * lists the words that belong with what follows them. Languages without a list still break well
 * at punctuation; these lists only refine the choice between plain word boundaries.
 */
export interface BreakWords {
  /** Lower-case words that must not end a line: articles, determiners, prepositions, conjunctions. */
  sticky: ReadonlySet<string>;
  /** Lower-case words that make a good start for a line: conjunctions and prepositions. */
  leads: ReadonlySet<string>;
  /** Characters a line should not start with, in languages broken between characters. */
  noBreakBefore: ReadonlySet<string>;
  /** Characters a line may end after with ease, in languages broken between characters. */
  breakAfter: ReadonlySet<string>;
}

/** The break words for a target language code; an empty set of lists for languages without any. */
export function breakWordsFor(language: string): BreakWords {
  const lists = table[language] ?? {};
  const leads = words(lists.leads ?? '');
  return {
    sticky: new Set([...words(lists.articles ?? ''), ...leads]),
    leads,
    noBreakBefore: new Set(Array.from(lists.noBreakBefore ?? '')),
    breakAfter: new Set(Array.from(lists.breakAfter ?? '')),
  };
}

interface Lists {
  articles?: string;
  leads?: string;
  noBreakBefore?: string;
  breakAfter?: string;
}

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

// Small Japanese kana and the long-vowel mark cannot start a line (kinsoku shori), and particles
// belong to the word before them, so a line breaks after a particle rather than before it.
const japaneseNoBreakBefore = 'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーゝゞヽヾ々はがをにでともへのや';
const japaneseBreakAfter = 'はがをにでともへ';

const table: Readonly<Record<string, Lists>> = {
  en: {
    articles: 'a an the my your his her its our their this that these those some any no every each',
    leads:
      'and or but nor so yet because although though while when where which who whom whose if unless since as than ' +
      'of to in on at for with from by about into onto over under between through after before without during ' +
      'against among across behind beyond toward towards upon within like',
  },
  de: {
    articles:
      'der die das den dem des ein eine einen einem einer eines mein meine meinen meinem meiner dein deine sein seine ' +
      'ihr ihre unser unsere euer eure kein keine keinen keinem keiner dieser diese dieses diesen diesem',
    leads:
      'und oder aber denn sondern weil dass wenn als ob obwohl während damit bevor nachdem ' +
      'in im an am auf mit von vom zu zum zur für bei beim nach aus über unter vor durch um gegen ohne seit bis zwischen',
  },
  fr: {
    articles: 'le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs',
    leads:
      'et ou mais donc car que qui quand si comme parce lorsque puisque ' +
      'de à en dans sur pour par avec sans sous chez vers entre depuis pendant contre avant après',
  },
  es: {
    articles: 'el la los las un una unos unas lo al del mi mis tu tus su sus nuestro nuestra este esta estos estas ese esa',
    leads:
      'y e o u pero que porque cuando si como aunque mientras donde ' +
      'de a en con por para sin sobre entre hasta desde hacia contra durante según',
  },
  pt: {
    articles: 'o a os as um uma uns umas ao aos do da dos das no na nos nas meu minha seu sua este esta esse essa',
    leads:
      'e ou mas que porque quando se como embora enquanto onde ' +
      'de em com por para sem sobre entre até desde contra durante pelo pela',
  },
  it: {
    articles: 'il lo la i gli le un uno una al allo alla ai agli alle del dello della dei degli delle mio mia suo sua questo questa',
    leads:
      'e o ma che perché quando se come mentre dove anche ' +
      'di a da in con su per tra fra nel nella sul sulla senza verso contro durante',
  },
  ru: {
    articles: 'этот эта это эти мой моя моё мои твой твоя твоё твои наш наша наше наши ваш ваша ваше ваши',
    leads:
      'и или но а что чтобы когда если потому как хотя где который которая которое которые ' +
      'в во на с со к ко по о об от до из за для без под над при через между про',
  },
  id: {
    articles: 'sang si para',
    leads: 'dan atau tetapi tapi yang karena jika kalau ketika sehingga di ke dari pada untuk dengan tentang oleh',
  },
  tr: {
    articles: 'bir bu şu o',
    leads: 've veya ama fakat çünkü ki eğer',
  },
  el: {
    articles: 'ο η το οι τα τον την του της των ένας μια ένα',
    leads: 'και ή αλλά ότι που όταν αν επειδή σε στο στη στον στην από με για χωρίς',
  },
  vi: {
    articles: 'các những một cái',
    leads: 'và hoặc nhưng vì nếu khi mà của cho với trong trên từ',
  },
  ja: { noBreakBefore: japaneseNoBreakBefore, breakAfter: japaneseBreakAfter },
  zh: { noBreakBefore: '的了吗呢吧啊着过们地得' },
  yue: { noBreakBefore: '嘅咗吖呀喎啦囉嘛咩哋' },
};
