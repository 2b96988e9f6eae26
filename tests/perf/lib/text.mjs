// Deterministic, bilingual (EN/FR) text for the benchmark dataset. Sentences are assembled from
// parallel phrase lists, so an English title and its French title say the same thing and the two
// full-text configurations (english, french) both have real words to stem.

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** Up to `n` distinct items. */
    some: (list, n) => {
      const copy = [...list];
      const out = [];
      while (out.length < n && copy.length) {
        out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      }
      return out;
    },
  };
}

const ACTIONS = [
  ['Operationalise', 'Rendre opérationnel'],
  ['Strengthen', 'Renforcer'],
  ['Train', 'Former'],
  ['Fund', 'Financer'],
  ['Publish', 'Publier'],
  ['Establish', 'Mettre en place'],
  ['Evaluate', 'Évaluer'],
  ['Coordinate', 'Coordonner'],
  ['Equip', 'Équiper'],
  ['Reform', 'Réformer'],
];

const OBJECTS = [
  ['the specialised judicial unit', 'le pôle judiciaire spécialisé'],
  ['the organised crime section', 'la section de lutte contre la criminalité organisée'],
  ['border police posts', 'les postes de police aux frontières'],
  ['anti-corruption investigators', 'les enquêteurs anti-corruption'],
  ['community radio programmes', 'les programmes des radios communautaires'],
  ['the witness protection scheme', 'le dispositif de protection des témoins'],
  ['customs officers', 'les agents des douanes'],
  ['local reconciliation committees', 'les comités locaux de réconciliation'],
  ['drug trafficking prosecutors', 'les procureurs chargés du trafic de drogue'],
  ['the public debate with the media', 'le débat public avec les médias'],
  ['donor programmes', 'les programmes des bailleurs'],
  ['former combatants', 'les anciens combattants'],
  ['the asset recovery office', 'le bureau de recouvrement des avoirs'],
  ['regional prisons', 'les prisons régionales'],
  ['research on illicit flows', 'la recherche sur les flux illicites'],
];

const PLACES = [
  ['in Bamako', 'à Bamako'],
  ['in Gao and Kidal', 'à Gao et Kidal'],
  ['in the Mopti region', 'dans la région de Mopti'],
  ['along the Niger border', 'le long de la frontière nigérienne'],
  ['in Tombouctou', 'à Tombouctou'],
  ['in Sikasso', 'à Sikasso'],
  ['nationwide', "sur l'ensemble du territoire"],
  ['in Ménaka', 'à Ménaka'],
];

const PURPOSES = [
  ['to prosecute trafficking networks', 'pour poursuivre les réseaux de trafic'],
  ['to reduce pre-trial detention', 'pour réduire la détention préventive'],
  ['to protect informers and journalists', 'pour protéger les informateurs et les journalistes'],
  ['to make public procurement transparent', 'pour rendre la commande publique transparente'],
  ['to rebuild trust between communities', 'pour rétablir la confiance entre les communautés'],
  ['to track seized assets', 'pour suivre les avoirs saisis'],
  ['to share intelligence with neighbouring states', 'pour partager le renseignement avec les États voisins'],
  ['to reintegrate young people', 'pour réinsérer les jeunes'],
];

const PROGRESS = [
  ['The budget line was approved by the ministry.', 'La ligne budgétaire a été approuvée par le ministère.'],
  ['Twelve magistrates completed the training.', 'Douze magistrats ont terminé la formation.'],
  ['Recruitment is delayed by the security situation.', 'Le recrutement est retardé par la situation sécuritaire.'],
  ['The premises were handed over last month.', 'Les locaux ont été remis le mois dernier.'],
  [
    'Field visits could not take place during the rainy season.',
    "Les visites de terrain n'ont pas pu avoir lieu pendant la saison des pluies.",
  ],
  ['A first report was published and discussed on the radio.', 'Un premier rapport a été publié et discuté à la radio.'],
  [
    'Civil society observers were not invited to the hearings.',
    "Les observateurs de la société civile n'ont pas été invités aux audiences.",
  ],
  ['Equipment was delivered but is not yet in use.', "L'équipement a été livré mais n'est pas encore utilisé."],
  ['The decree is waiting for the signature of the minister.', 'Le décret attend la signature du ministre.'],
  ['Three cases of corruption were referred to the courts.', 'Trois affaires de corruption ont été renvoyées devant les tribunaux.'],
];

const CHAT_EN = [
  'Does anyone have the minutes of the last meeting?',
  'The ministry says the unit is operational, but nobody has seen a case go through it.',
  'We visited the court in Mopti on Tuesday; the new judges had arrived.',
  'Can the secretariat confirm the date of the next follow-up session?',
  'Our monitors report that the border post is still closed at night.',
  'Thank you for the update, the evidence link works now.',
  'The radio debate on trafficking was very well followed in Gao.',
  'I think the indicator should count convictions, not arrests.',
  'Is the budget for the training included in the 2026 finance law?',
  'We will publish our independent assessment next week.',
];
const CHAT_FR = [
  "Quelqu'un a-t-il le compte rendu de la dernière réunion ?",
  "Le ministère dit que le pôle est opérationnel, mais personne n'a vu un dossier y passer.",
  'Nous avons visité le tribunal de Mopti mardi ; les nouveaux juges étaient arrivés.',
  'Le secrétariat peut-il confirmer la date de la prochaine session de suivi ?',
  'Nos observateurs signalent que le poste frontière est toujours fermé la nuit.',
  'Merci pour la mise à jour, le lien vers la preuve fonctionne maintenant.',
  'Le débat radio sur le trafic a été très suivi à Gao.',
  "Je pense que l'indicateur devrait compter les condamnations, pas les arrestations.",
  'Le budget de la formation est-il inscrit dans la loi de finances 2026 ?',
  'Nous publierons notre évaluation indépendante la semaine prochaine.',
];

/** A commitment's title and description in both languages. */
export function commitmentText(r) {
  const a = r.pick(ACTIONS);
  const o = r.pick(OBJECTS);
  const p = r.pick(PLACES);
  const u = r.pick(PURPOSES);
  const title = [`${a[0]} ${o[0]} ${p[0]}`, `${a[1]} ${o[1]} ${p[1]}`];
  const extra = r.pick(PROGRESS);
  const description = [
    `${a[0]} ${o[0]} ${p[0]} ${u[0]}. ${extra[0]} Progress is reviewed at each follow-up session of the roundtable.`,
    `${a[1]} ${o[1]} ${p[1]} ${u[1]}. ${extra[1]} Les progrès sont examinés à chaque session de suivi de la table ronde.`,
  ];
  return { title, description };
}

export function recommendationText(r, code) {
  const o = r.pick(OBJECTS);
  const u = r.pick(PURPOSES);
  return [`${code}: give priority to ${o[0]} ${u[0]}.`, `${code} : donner la priorité à ${o[1]} ${u[1]}.`];
}

/** A report narrative, sometimes in one language only (the other is appended later as a translation). */
export function narrative(r) {
  const a = r.pick(PROGRESS);
  const b = r.pick(PROGRESS);
  const text = [`${a[0]} ${b[0]}`, `${a[1]} ${b[1]}`];
  const only = r.next();
  if (only < 0.15) {
    return [text[0], null];
  }
  if (only < 0.3) {
    return [null, text[1]];
  }
  return text;
}

/** A chat message of roughly 60–400 characters, French or English. */
export function chatBody(r) {
  const list = r.chance(0.6) ? CHAT_FR : CHAT_EN;
  const parts = [r.pick(list)];
  const more = r.int(0, 3);
  for (let i = 0; i < more; i++) {
    parts.push(r.pick(list));
  }
  return parts.join(' ');
}

export const DIALOGUE_TITLES = [
  ['Bamako roundtable on organised crime', 'Table ronde de Bamako sur la criminalité organisée'],
  ['Gao dialogue on border security', 'Dialogue de Gao sur la sécurité des frontières'],
  ['Mopti forum on justice and reconciliation', 'Forum de Mopti sur la justice et la réconciliation'],
  ['Sikasso meeting on illicit economies', 'Rencontre de Sikasso sur les économies illicites'],
  ['Tombouctou dialogue on heritage trafficking', 'Dialogue de Tombouctou sur le trafic de patrimoine'],
];
