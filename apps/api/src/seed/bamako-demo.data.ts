import type { DemoData } from './demo-data.types';

// Demo data for the Bamako roundtable on organised crime (14–15 October 2014).
// The dialogue, the four recommendations and the subjects of the commitments come from the seed
// report (/work/shared/seeds). Every person, progress report, figure, milestone date and evidence
// link below is invented and shown as illustrative; the civil-society organisations that write
// the independent assessments are fictional. Evidence links point to example.org only.

export const BAMAKO_DEMO: DemoData = {
  organizations: [
    // Government of Mali
    {
      key: 'mjdh',
      name: { en: 'Ministry of Justice and Human Rights', fr: "Ministère de la Justice et des Droits de l'Homme" },
      acronym: 'MJDH',
      group: 'government',
      illustrative: false,
    },
    {
      key: 'mspc',
      name: { en: 'Ministry of Security and Civil Protection', fr: 'Ministère de la Sécurité et de la Protection civile' },
      acronym: 'MSPC',
      group: 'government',
      illustrative: false,
    },
    {
      key: 'mef',
      name: { en: 'Ministry of Economy and Finance', fr: "Ministère de l'Économie et des Finances" },
      acronym: 'MEF',
      group: 'government',
      illustrative: false,
    },
    {
      key: 'mat',
      name: { en: 'Ministry of Territorial Administration', fr: "Ministère de l'Administration territoriale" },
      acronym: 'MAT',
      group: 'government',
      illustrative: false,
    },
    {
      key: 'maeci',
      name: {
        en: 'Ministry of Foreign Affairs, African Integration and International Cooperation',
        fr: "Ministère des Affaires étrangères, de l'Intégration africaine et de la Coopération internationale",
      },
      acronym: 'MAEIACI',
      group: 'government',
      illustrative: false,
    },
    {
      key: 'mcom',
      name: { en: 'Ministry of Communication', fr: 'Ministère de la Communication' },
      acronym: null,
      group: 'government',
      illustrative: false,
    },
    {
      key: 'pjs',
      name: { en: 'Specialised Judicial Pole (Pôle Judiciaire Spécialisé)', fr: 'Pôle judiciaire spécialisé' },
      acronym: 'PJS',
      group: 'government',
      illustrative: false,
    },
    // Convenors
    {
      key: 'secretariat',
      name: {
        en: 'Bamako roundtable secretariat (International Alert & Global Initiative)',
        fr: 'Secrétariat de la table ronde de Bamako (International Alert et Global Initiative)',
      },
      acronym: null,
      group: 'secretariat',
      // The convenors are real; a standing follow-up secretariat running this platform is not.
      illustrative: true,
    },
    // International partners
    {
      key: 'minusma',
      name: { en: 'MINUSMA — UN Police (UNPOL)', fr: 'MINUSMA — Police des Nations Unies (UNPOL)' },
      acronym: 'MINUSMA',
      group: 'international_partner',
      illustrative: false,
    },
    {
      key: 'international-alert',
      name: { en: 'International Alert', fr: 'International Alert' },
      acronym: null,
      group: 'international_partner',
      illustrative: false,
    },
    {
      key: 'gi-toc',
      name: {
        en: 'Global Initiative against Transnational Organized Crime',
        fr: 'Initiative mondiale contre la criminalité organisée transnationale',
      },
      acronym: 'GI-TOC',
      group: 'international_partner',
      illustrative: false,
    },
    {
      key: 'ddg',
      name: { en: 'Danish Demining Group', fr: 'Groupe danois de déminage (Danish Demining Group)' },
      acronym: 'DDG',
      group: 'international_partner',
      illustrative: false,
    },
    {
      key: 'eu',
      name: { en: 'Delegation of the European Union to Mali', fr: "Délégation de l'Union européenne au Mali" },
      acronym: null,
      group: 'international_partner',
      illustrative: false,
    },
    {
      key: 'netherlands',
      name: { en: 'Embassy of the Kingdom of the Netherlands in Mali', fr: 'Ambassade du Royaume des Pays-Bas au Mali' },
      acronym: null,
      group: 'international_partner',
      illustrative: false,
    },
    // Media and academia
    {
      key: 'studio-tamani',
      name: { en: 'Studio Tamani', fr: 'Studio Tamani' },
      acronym: null,
      group: 'media',
      illustrative: false,
    },
    {
      key: 'empaby',
      name: {
        en: 'Alioune Blondin Beye Peacekeeping School',
        fr: 'École de Maintien de la Paix Alioune Blondin Beye',
      },
      acronym: 'EMPABB',
      group: 'academia',
      illustrative: false,
    },
    {
      key: 'usjpb',
      name: {
        en: 'University of Legal and Political Sciences of Bamako',
        fr: 'Université des Sciences Juridiques et Politiques de Bamako',
      },
      acronym: 'USJPB',
      group: 'academia',
      illustrative: false,
    },
    // Civil society: all fictional
    {
      key: 'observatoire',
      name: {
        en: 'Citizen Observatory of Governance in the Sahel (fictional)',
        fr: 'Observatoire citoyen de la gouvernance au Sahel (fictif)',
      },
      acronym: 'OCGS',
      group: 'civil_society',
      illustrative: true,
    },
    {
      key: 'reseau-femmes',
      name: {
        en: 'Northern Women for Peace Network (fictional)',
        fr: 'Réseau des femmes du Nord pour la paix (fictif)',
      },
      acronym: 'RFNP',
      group: 'civil_society',
      illustrative: true,
    },
    {
      key: 'securite-frontalieres',
      name: {
        en: 'Association for the Safety of Border Communities (fictional)',
        fr: 'Association pour la sécurité des communautés frontalières (fictive)',
      },
      acronym: 'ASCF',
      group: 'civil_society',
      illustrative: true,
    },
  ],

  users: [
    { email: 'secretariat@suivi.demo', displayName: 'Mariam Coulibaly', organizationKey: 'secretariat', role: 'secretariat', locale: 'en' },
    { email: 'justice@suivi.demo', displayName: 'Boubacar Diarra', organizationKey: 'mjdh', role: 'member', locale: 'fr' },
    { email: 'civil@suivi.demo', displayName: 'Fatoumata Keïta', organizationKey: 'observatoire', role: 'member', locale: 'fr' },
    { email: 'partner@suivi.demo', displayName: 'Samuel Owusu', organizationKey: 'minusma', role: 'member', locale: 'en' },
    { email: 'observer@suivi.demo', displayName: 'Ousmane Sidibé', organizationKey: 'studio-tamani', role: 'member', locale: 'fr' },
  ],

  dialogue: {
    title: {
      en: 'Bamako roundtable on organised crime in Mali and the Sahel',
      fr: 'Table ronde de Bamako sur la criminalité organisée au Mali et au Sahel',
    },
    summary: {
      en: 'Two-day roundtable co-hosted by International Alert and the Global Initiative against Transnational Organized Crime, bringing together the Malian government, donors, multilateral organisations and national and international civil society on the criminal economy in Mali and the Sahel. Participants agreed that ignoring organised crime is not an option: it must become a political priority, be addressed through crime-sensitive programming, public debate and better local research. They set out four recommendations to the government, international partners and civil society.',
      fr: "Table ronde de deux jours co-organisée par International Alert et l'Initiative mondiale contre la criminalité organisée transnationale, réunissant le gouvernement malien, des bailleurs de fonds, des organisations multilatérales et la société civile nationale et internationale autour de l'économie criminelle au Mali et au Sahel. Les participants ont convenu qu'ignorer la criminalité organisée n'était pas une option : elle doit devenir une priorité politique et être traitée par des programmes sensibles à la criminalité, le débat public et une meilleure recherche locale. Ils ont formulé quatre recommandations à l'adresse du gouvernement, des partenaires internationaux et de la société civile.",
    },
    place: 'Bamako — École de Maintien de la Paix Alioune Blondin Beye',
    startDate: '2014-10-14',
    endDate: '2014-10-15',
    status: 'follow_up',
    participantKeys: [
      'mjdh',
      'mspc',
      'mef',
      'mat',
      'maeci',
      'mcom',
      'pjs',
      'secretariat',
      'minusma',
      'international-alert',
      'gi-toc',
      'ddg',
      'eu',
      'netherlands',
      'studio-tamani',
      'empaby',
      'usjpb',
      'observatoire',
      'reseau-femmes',
      'securite-frontalieres',
    ],
  },

  recommendations: [
    {
      code: 'R1',
      text: {
        en: 'The Malian government puts the criminal economy as a priority on its agenda and commits to addressing its structural causes and the corruption pervading governance mechanisms.',
        fr: "Le gouvernement malien inscrit la question de l'économie criminelle parmi les priorités de son action et s'engage à s'attaquer à ses causes structurelles ainsi qu'à la corruption qui gangrène les mécanismes de gouvernance.",
      },
      addressedTo: ['government'],
      themes: ['governance_anticorruption', 'justice_judiciary', 'security_sector_reform'],
    },
    {
      code: 'R2',
      text: {
        en: "International partners put checks and balances in place and ensure that their development and governance support programmes are based on a sound understanding of the criminal economy's dynamics.",
        fr: "Les partenaires internationaux mettent en place des mécanismes de contrôle et veillent à ce que leurs programmes d'appui au développement et à la gouvernance reposent sur une solide compréhension des dynamiques de l'économie criminelle.",
      },
      addressedTo: ['international_partner'],
      themes: ['crime_sensitivity', 'governance_anticorruption', 'development_livelihoods'],
    },
    {
      code: 'R3',
      text: {
        en: 'Malian civil society initiates a public debate on the links between the criminal economy at national and local levels, and helps build the capacity of communities to voice their concerns over the criminal economy and its associated security risks, in safe and secure platforms.',
        fr: "La société civile malienne engage un débat public sur les liens entre l'économie criminelle aux niveaux national et local, et aide les communautés à se donner les moyens d'exprimer leurs préoccupations face à l'économie criminelle et aux risques sécuritaires qui y sont associés, dans des espaces sûrs et protégés.",
      },
      addressedTo: ['civil_society', 'media'],
      themes: ['public_debate_media', 'dialogue_reconciliation'],
    },
    {
      code: 'R4',
      text: {
        en: 'The government, civil society and international partners work together to improve their context-specific understanding of the criminal economy through better research, so as to allow a sustainable reconstruction and the transition from a criminal economy to a peace economy.',
        fr: "Le gouvernement, la société civile et les partenaires internationaux travaillent ensemble à améliorer leur compréhension de l'économie criminelle propre au contexte malien, grâce à une recherche de meilleure qualité, afin de permettre une reconstruction durable et le passage d'une économie criminelle à une économie de paix.",
      },
      addressedTo: ['government', 'civil_society', 'international_partner', 'academia'],
      themes: ['research_analysis', 'development_livelihoods', 'crime_sensitivity'],
    },
  ],

  commitments: [
    // 1. Pôle Judiciaire Spécialisé — contested (completed vs in progress)
    {
      key: 'pjs-operational',
      title: {
        en: 'Operationalise the Specialised Judicial Pole (Pôle Judiciaire Spécialisé)',
        fr: 'Rendre opérationnel le Pôle judiciaire spécialisé',
      },
      description: {
        en: 'Give the Specialised Judicial Pole its own magistrates, investigators, registry, premises and budget so that it can investigate and try organised crime cases, including drug, arms and human trafficking.',
        fr: "Doter le Pôle judiciaire spécialisé de magistrats, d'enquêteurs, d'un greffe, de locaux et d'un budget propres afin qu'il puisse instruire et juger les affaires de criminalité organisée, notamment les trafics de drogue, d'armes et d'êtres humains.",
      },
      ownerKey: 'mjdh',
      supportingKeys: ['pjs', 'minusma', 'eu'],
      recommendationCodes: ['R1'],
      themes: ['justice_judiciary', 'governance_anticorruption'],
      regions: ['bamako', 'national'],
      startDate: '2014-12-01',
      dueDate: '2016-12-31',
      indicators: [
        {
          name: { en: 'Magistrates assigned full time to the Pôle', fr: 'Magistrats affectés à plein temps au Pôle' },
          unit: 'count', baseline: 0, target: 12, current: 12,
        },
        {
          name: { en: 'Organised crime cases tried by the Pôle', fr: 'Affaires de criminalité organisée jugées par le Pôle' },
          unit: 'count', baseline: 0, target: null, current: 2,
        },
      ],
      milestones: [
        {
          title: { en: 'Interministerial order on staffing signed', fr: "Arrêté interministériel portant dotation en personnel signé" },
          plannedDate: '2015-03-31', reachedDate: '2015-05-12',
        },
        {
          title: { en: 'Dedicated premises in Bamako in use', fr: 'Locaux dédiés à Bamako mis en service' },
          plannedDate: '2015-09-30', reachedDate: '2016-02-15',
        },
        {
          title: { en: 'First organised crime case tried', fr: 'Première affaire de criminalité organisée jugée' },
          plannedDate: '2016-06-30', reachedDate: '2016-11-24',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'mjdh', authorEmail: null, authorName: 'Mahamadou Ballo',
          status: 'in_progress', percent: 25,
          narrative: {
            en: 'The interministerial order assigning magistrates and investigators to the Pôle was signed on 12 May 2015. Six magistrates have been appointed; suitable premises are still being sought.',
            fr: "L'arrêté interministériel affectant magistrats et enquêteurs au Pôle a été signé le 12 mai 2015. Six magistrats ont été nommés ; la recherche de locaux adaptés se poursuit.",
          },
          evidenceLinks: ['https://example.org/evidence/pjs-staffing-order-2015.pdf'],
          date: '2015-05-20', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'mjdh', authorEmail: 'justice@suivi.demo',
          status: 'in_progress', percent: 60,
          narrative: {
            en: 'The Pôle moved into dedicated premises in Bamako in February 2016. Nine magistrates and fourteen investigators now work there full time, and 21 case files have been transferred from ordinary courts.',
            fr: "Le Pôle s'est installé dans des locaux dédiés à Bamako en février 2016. Neuf magistrats et quatorze enquêteurs y travaillent désormais à plein temps, et 21 dossiers ont été transférés par les juridictions de droit commun.",
          },
          evidenceLinks: ['https://example.org/evidence/pjs-premises-handover-2016.pdf'],
          date: '2016-03-10', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 50,
          narrative: {
            en: 'Premises and staff are in place, but the Pôle has no investigators posted outside Bamako and depends on the gendarmerie for arrests in the north. No judgment has yet been delivered on which to judge its effectiveness.',
            fr: "Les locaux et le personnel sont en place, mais le Pôle ne dispose d'aucun enquêteur en dehors de Bamako et dépend de la gendarmerie pour les interpellations dans le Nord. Aucun jugement n'a encore été rendu qui permette d'apprécier son efficacité.",
          },
          evidenceLinks: [],
          date: '2016-07-18', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'mjdh', authorEmail: 'justice@suivi.demo',
          status: 'completed', percent: 100,
          narrative: {
            en: 'The Pôle is fully operational: its twelve magistrate posts are filled, it has its own budget line in the 2017 finance law, and it tried its first organised crime case in November 2016. The Ministry considers the commitment fulfilled.',
            fr: "Le Pôle est pleinement opérationnel : ses douze postes de magistrats sont pourvus, il dispose d'une ligne budgétaire propre dans la loi de finances 2017 et a jugé sa première affaire de criminalité organisée en novembre 2016. Le Ministère considère l'engagement comme tenu.",
          },
          evidenceLinks: [
            'https://example.org/evidence/pjs-activity-report-2016.pdf',
            'https://example.org/evidence/finance-law-2017-extract.pdf',
          ],
          date: '2017-02-06', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 70,
          narrative: {
            en: 'Operational in Bamako, yes. But only two organised crime cases had been tried by mid-2017, none involving a public official, and investigators still cannot work in the Kidal region. We consider the commitment partly met.',
            fr: "Opérationnel à Bamako, certes. Mais seules deux affaires de criminalité organisée avaient été jugées à la mi-2017, aucune ne mettant en cause un agent public, et les enquêteurs ne peuvent toujours pas travailler dans la région de Kidal. Nous considérons l'engagement comme partiellement tenu.",
          },
          evidenceLinks: ['https://example.org/evidence/ocgs-court-monitoring-2017.pdf'],
          date: '2017-06-15', verified: false,
        },
      ],
    },

    // 2. Organised Crime Section — stalled, overdue
    {
      key: 'ocs-activate',
      title: {
        en: 'Activate the Organised Crime Section',
        fr: 'Rendre effective la Section de lutte contre la criminalité organisée',
      },
      description: {
        en: 'Bring into operation the Organised Crime Section, provided for but left pending, with dedicated investigators who work with the Pôle Judiciaire Spécialisé on trafficking networks and those who protect them.',
        fr: 'Mettre en service la Section de lutte contre la criminalité organisée, prévue mais restée en suspens, avec des enquêteurs dédiés travaillant avec le Pôle judiciaire spécialisé sur les réseaux de trafic et leurs protections.',
      },
      ownerKey: 'mspc',
      supportingKeys: ['mjdh', 'minusma'],
      recommendationCodes: ['R1'],
      themes: ['security_sector_reform', 'justice_judiciary'],
      regions: ['national', 'bamako', 'gao', 'tombouctou'],
      startDate: '2015-01-15',
      dueDate: '2015-12-31',
      indicators: [
        {
          name: { en: 'Investigators assigned to the Section', fr: 'Enquêteurs affectés à la Section' },
          unit: 'count', baseline: 0, target: 30, current: 3,
        },
      ],
      milestones: [
        {
          title: { en: 'Decree organising the Section adopted', fr: 'Décret portant organisation de la Section adopté' },
          plannedDate: '2015-06-30', reachedDate: '2015-10-08',
        },
        {
          title: { en: 'Section staffed and equipped', fr: 'Section dotée en personnel et en équipement' },
          plannedDate: '2015-12-31', reachedDate: null,
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'mspc', authorEmail: null, authorName: 'Seydou Konaté',
          status: 'not_started', percent: 0,
          narrative: {
            en: "A draft decree organising the Section has been sent to the Government's General Secretariat. No staff have been assigned yet.",
            fr: "Un projet de décret portant organisation de la Section a été transmis au Secrétariat général du Gouvernement. Aucun personnel n'est encore affecté.",
          },
          evidenceLinks: [],
          date: '2015-03-16', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'mspc', authorEmail: null, authorName: 'Seydou Konaté',
          status: 'in_progress', percent: 30,
          narrative: {
            en: 'The decree was adopted in October 2015. A head of section and eight investigators have been designated; vehicles and a secure office are not yet available.',
            fr: "Le décret a été adopté en octobre 2015. Un chef de section et huit enquêteurs ont été désignés ; les véhicules et un bureau sécurisé ne sont pas encore disponibles.",
          },
          evidenceLinks: ['https://example.org/evidence/ocs-decree-2015.pdf'],
          date: '2015-11-02', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'mspc', authorEmail: null, authorName: 'Seydou Konaté',
          status: 'stalled', percent: 30,
          narrative: {
            en: 'Activities are on hold: the budget requested for 2016 was not allocated and five of the eight investigators have been redeployed to security operations in the centre of the country.',
            fr: "Les activités sont suspendues : le budget demandé pour 2016 n'a pas été alloué et cinq des huit enquêteurs ont été redéployés sur des opérations de sécurisation dans le centre du pays.",
          },
          evidenceLinks: [],
          date: '2016-09-19', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'securite-frontalieres', authorEmail: null, authorName: 'Hamidou Dicko',
          status: 'stalled', percent: 20,
          narrative: {
            en: 'No investigation attributed to the Section has been made public since its creation. Our contacts in Gao report that trafficking cases are still handled, when they are, by ordinary police and gendarmerie units.',
            fr: "Aucune enquête attribuée à la Section n'a été rendue publique depuis sa création. Nos correspondants à Gao indiquent que les affaires de trafic sont toujours traitées, quand elles le sont, par les unités ordinaires de police et de gendarmerie.",
          },
          evidenceLinks: [],
          date: '2017-04-03', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'mspc', authorEmail: null, authorName: 'Kadiatou Sanogo',
          status: 'stalled', percent: 30,
          narrative: {
            fr: "La réorganisation annoncée des services de sécurité intérieure n'a pas encore précisé la place de la Section. Ses effectifs se limitent à trois enquêteurs.",
          },
          evidenceLinks: [],
          date: '2019-06-24', verified: false,
        },
      ],
    },

    // 3. MINUSMA Task Force — withdrawn
    {
      key: 'minusma-task-force',
      title: {
        en: 'Bring development and peacebuilding approaches into the MINUSMA Task Force on Organised Crime',
        fr: 'Intégrer les approches de développement et de consolidation de la paix dans la Task Force de la MINUSMA sur la criminalité organisée',
      },
      description: {
        en: "Broaden the UNPOL-led Task Force beyond law enforcement: involve the mission's civilian sections and development actors in its analysis, and use UNPOL's presence in northern areas that NGOs cannot reach to pilot softer, community-based approaches.",
        fr: "Élargir la Task Force dirigée par l'UNPOL au-delà du seul volet répressif : associer les sections civiles de la mission et les acteurs du développement à ses analyses, et s'appuyer sur la présence de l'UNPOL dans des zones du Nord inaccessibles aux ONG pour y expérimenter des approches communautaires.",
      },
      ownerKey: 'minusma',
      supportingKeys: ['ddg', 'international-alert', 'gi-toc'],
      recommendationCodes: ['R2', 'R4'],
      themes: ['security_sector_reform', 'crime_sensitivity', 'dialogue_reconciliation'],
      regions: ['gao', 'tombouctou', 'kidal', 'mopti'],
      startDate: '2015-01-15',
      dueDate: '2017-06-30',
      indicators: [
        {
          name: { en: 'Community consultations on crime held by UNPOL teams', fr: "Consultations communautaires sur la criminalité tenues par les équipes de l'UNPOL" },
          unit: 'count', baseline: 0, target: 40, current: 23,
        },
      ],
      milestones: [
        {
          title: { en: 'Terms of reference revised to include civilian sections', fr: 'Termes de référence révisés pour associer les sections civiles' },
          plannedDate: '2015-06-30', reachedDate: '2015-09-01',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'minusma', authorEmail: 'partner@suivi.demo',
          status: 'in_progress', percent: 20,
          narrative: {
            en: "Revised terms of reference adopted: the mission's Civil Affairs and Stabilisation sections now sit on the Task Force. A first joint analysis of trafficking routes around Gao has been circulated internally.",
            fr: 'Les termes de référence révisés ont été adoptés : les sections Affaires civiles et Stabilisation de la mission siègent désormais à la Task Force. Une première analyse conjointe des routes de trafic autour de Gao a été diffusée en interne.',
          },
          evidenceLinks: ['https://example.org/evidence/unpol-tf-tor-2015.pdf'],
          date: '2015-09-14', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'minusma', authorEmail: 'partner@suivi.demo',
          status: 'in_progress', percent: 50,
          narrative: {
            en: '23 community consultations on crime and insecurity held by UNPOL teams in the Gao, Timbuktu and Mopti regions. Findings shared with the national police and two development partners.',
          },
          evidenceLinks: ['https://example.org/evidence/unpol-consultations-summary-2016.pdf'],
          date: '2016-05-30', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'stalled', percent: null,
          narrative: {
            en: "The consultations took place, but their findings have not changed the Task Force's priorities, which remain arrests and seizures. Participants we met in Timbuktu were never told what became of what they said.",
            fr: "Les consultations ont bien eu lieu, mais leurs conclusions n'ont pas modifié les priorités de la Task Force, qui restent les interpellations et les saisies. Les participants rencontrés à Tombouctou n'ont jamais su quelle suite avait été donnée à leurs propos.",
          },
          evidenceLinks: [],
          date: '2016-11-21', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'minusma', authorEmail: 'partner@suivi.demo',
          status: 'withdrawn', percent: null,
          narrative: {
            en: "With the end of the mission's mandate in 2023 and its withdrawal from Mali, the Task Force's activities have ended. This commitment is withdrawn; its records have been archived.",
            fr: 'Avec la fin du mandat de la mission en 2023 et son retrait du Mali, les activités de la Task Force ont pris fin. Cet engagement est retiré ; sa documentation a été archivée.',
          },
          evidenceLinks: [],
          date: '2023-08-28', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'withdrawn', percent: null,
          narrative: {
            en: 'We take note of the withdrawal. The community contacts built through the consultations had no national counterpart to be handed over to, and it is unclear what remains of them.',
            fr: "Nous prenons acte du retrait. Les relais communautaires constitués lors des consultations n'avaient aucun interlocuteur national auquel être transmis, et l'on ignore ce qu'il en reste.",
          },
          evidenceLinks: [],
          date: '2023-11-06', verified: false,
        },
      ],
    },

    // 4. Crime-sensitive donor programming — contested (completed vs in progress)
    {
      key: 'eu-crime-sensitive-programming',
      title: {
        en: 'Crime-sensitise governance and stabilisation programmes',
        fr: 'Rendre les programmes de gouvernance et de stabilisation sensibles à la criminalité',
      },
      description: {
        en: 'Screen every new governance, stabilisation and border-management programme for its interaction with the criminal economy before approval, using a local political-economy analysis, and attach checks to support given to state institutions.',
        fr: "Soumettre chaque nouveau programme de gouvernance, de stabilisation et de gestion des frontières, avant son approbation, à une analyse de ses interactions avec l'économie criminelle fondée sur l'économie politique locale, et assortir l'appui aux institutions de l'État de mécanismes de contrôle.",
      },
      ownerKey: 'eu',
      supportingKeys: ['gi-toc', 'international-alert', 'netherlands'],
      recommendationCodes: ['R2', 'R4'],
      themes: ['crime_sensitivity', 'governance_anticorruption', 'development_livelihoods'],
      regions: ['national', 'gao', 'tombouctou', 'mopti'],
      startDate: '2015-03-01',
      dueDate: '2018-12-31',
      indicators: [
        {
          name: { en: 'New programmes screened for crime sensitivity before approval', fr: 'Nouveaux programmes soumis à une analyse de sensibilité à la criminalité avant approbation' },
          unit: '%', baseline: 0, target: 100, current: 100,
        },
        {
          name: { en: 'Programme staff trained in crime-sensitive programming', fr: 'Chargés de programme formés à la programmation sensible à la criminalité' },
          unit: 'count', baseline: 0, target: 60, current: 48,
        },
      ],
      milestones: [
        {
          title: { en: 'Screening guidance note adopted', fr: "Note d'orientation sur l'analyse préalable adoptée" },
          plannedDate: '2016-06-30', reachedDate: '2016-10-20',
        },
        {
          title: { en: 'External review of screening practice', fr: "Revue externe de la pratique d'analyse préalable" },
          plannedDate: '2018-10-31', reachedDate: '2018-12-10',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'eu', authorEmail: null, authorName: 'Johanna Becker',
          status: 'in_progress', percent: 15,
          narrative: {
            en: 'A political-economy study of trafficking in the northern regions has been commissioned to inform programming. 22 programme staff attended a two-day training on crime-sensitive approaches.',
          },
          evidenceLinks: ['https://example.org/evidence/eu-pea-study-tor-2015.pdf'],
          date: '2015-10-26', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'eu', authorEmail: null, authorName: 'Johanna Becker',
          status: 'in_progress', percent: 55,
          narrative: {
            en: 'A screening guidance note was adopted in October 2016 and has been applied to 9 of the 14 programmes approved since. Budget support is not yet covered.',
            fr: "Une note d'orientation sur l'analyse préalable a été adoptée en octobre 2016 et appliquée à 9 des 14 programmes approuvés depuis. L'appui budgétaire n'est pas encore couvert.",
          },
          evidenceLinks: ['https://example.org/evidence/eu-screening-note-2016.pdf'],
          date: '2017-04-11', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'reseau-femmes', authorEmail: null, authorName: 'Rokia Touré',
          status: 'in_progress', percent: null,
          narrative: {
            en: 'Programme staff we met in Mopti know the guidance note, but none of the communities consulted for our review had been asked about trafficking or its effects before a project started.',
            fr: "Les chargés de programme rencontrés à Mopti connaissent la note d'orientation, mais aucune des communautés consultées pour notre revue n'avait été interrogée sur les trafics ou leurs effets avant le démarrage d'un projet.",
          },
          evidenceLinks: [],
          date: '2017-11-20', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'eu', authorEmail: null, authorName: 'Pierre Lambert',
          status: 'completed', percent: 100,
          narrative: {
            en: 'Since January 2018 every new programme, budget support included, has been screened before approval. An external review in December 2018 found the practice established. The commitment is fulfilled.',
            fr: "Depuis janvier 2018, chaque nouveau programme, appui budgétaire compris, fait l'objet d'une analyse préalable avant approbation. Une revue externe menée en décembre 2018 a constaté que la pratique était ancrée. L'engagement est tenu.",
          },
          evidenceLinks: ['https://example.org/evidence/eu-screening-review-2018.pdf'],
          date: '2019-02-18', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 60,
          narrative: {
            en: 'The screening exists, but neither the screening notes nor the external review are public, so their effect cannot be checked from outside. Two road projects in the Timbuktu region were approved without consulting local traders.',
            fr: "L'analyse préalable existe, mais ni les fiches d'analyse ni la revue externe ne sont publiques, si bien que leur effet ne peut être vérifié de l'extérieur. Deux projets routiers dans la région de Tombouctou ont été approuvés sans consultation des commerçants locaux.",
          },
          evidenceLinks: ['https://example.org/evidence/ocgs-donor-review-2019.pdf'],
          date: '2019-09-09', verified: false,
        },
      ],
    },

    // 5. Public debate led by civil society — completed, assessment agrees
    {
      key: 'regional-public-debates',
      title: {
        en: 'Hold regional public debates on the criminal economy in safe settings',
        fr: "Organiser des débats publics régionaux sur l'économie criminelle dans des cadres sûrs",
      },
      description: {
        en: 'Convene, in Bamako and the regions and with community radios, a series of public and closed-door debates on how the criminal economy affects local life, under rules that protect participants who speak about trafficking.',
        fr: "Organiser, à Bamako et dans les régions et avec les radios communautaires, une série de débats publics et à huis clos sur les effets de l'économie criminelle dans la vie locale, selon des règles qui protègent les participants qui évoquent les trafics.",
      },
      ownerKey: 'observatoire',
      supportingKeys: ['studio-tamani', 'international-alert', 'mcom'],
      recommendationCodes: ['R3'],
      themes: ['public_debate_media', 'dialogue_reconciliation'],
      regions: ['bamako', 'segou', 'mopti', 'tombouctou', 'gao'],
      startDate: '2015-02-01',
      dueDate: '2017-12-31',
      indicators: [
        {
          name: { en: 'Debates held', fr: 'Débats tenus' },
          unit: 'count', baseline: 0, target: 12, current: 12,
        },
        {
          name: { en: 'Share of women among participants', fr: 'Part des femmes parmi les participants' },
          unit: '%', baseline: null, target: 40, current: 37,
        },
      ],
      milestones: [
        {
          title: { en: 'Safe participation charter agreed with partner radios', fr: 'Charte de participation sécurisée adoptée avec les radios partenaires' },
          plannedDate: '2015-05-31', reachedDate: '2015-06-20',
        },
        {
          title: { en: 'Debates held in Gao and Timbuktu', fr: 'Débats tenus à Gao et à Tombouctou' },
          plannedDate: '2016-12-31', reachedDate: '2017-03-15',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 20,
          narrative: {
            en: 'Participation charter adopted with partner radios: no name or voice is broadcast without consent, and testimonies are heard in closed session. Three debates held, in Bamako, Ségou and Mopti.',
            fr: "Charte de participation adoptée avec les radios partenaires : aucun nom ni aucune voix n'est diffusé sans consentement, et les témoignages sont recueillis à huis clos. Trois débats tenus, à Bamako, Ségou et Mopti.",
          },
          evidenceLinks: ['https://example.org/evidence/ocgs-participation-charter-2015.pdf'],
          date: '2015-09-28', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 60,
          narrative: {
            en: "Seven debates held so far. The Gao debate was postponed twice for security reasons; at participants' request, the closed-door format was used in Mopti.",
            fr: 'Sept débats tenus à ce jour. Le débat de Gao a été reporté deux fois pour des raisons de sécurité ; à la demande des participants, la formule à huis clos a été retenue à Mopti.',
          },
          evidenceLinks: [],
          date: '2016-10-17', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'reseau-femmes', authorEmail: null, authorName: 'Rokia Touré',
          status: 'in_progress', percent: null,
          narrative: {
            fr: "Les débats ont bien eu lieu, mais la participation des femmes reste faible en dehors de Bamako ; à Mopti, plusieurs participantes ont préféré ne pas prendre la parole en public.",
          },
          evidenceLinks: [],
          date: '2017-01-30', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'completed', percent: 100,
          narrative: {
            en: 'Twelve debates held, the last two in Gao and Timbuktu in 2017 in closed-door format. An anonymised summary of the concerns raised was sent to the ministries concerned.',
            fr: 'Douze débats tenus, les deux derniers à Gao et à Tombouctou en 2017, à huis clos. Une synthèse anonymisée des préoccupations exprimées a été adressée aux ministères concernés.',
          },
          evidenceLinks: ['https://example.org/evidence/ocgs-debates-summary-2017.pdf'],
          date: '2018-01-22', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'securite-frontalieres', authorEmail: null, authorName: 'Hamidou Dicko',
          status: 'completed', percent: 100,
          narrative: {
            en: 'We confirm that the Gao and Timbuktu sessions took place and that no participant was identified in the broadcasts. The ministries have not yet responded to the summary.',
            fr: "Nous confirmons que les séances de Gao et de Tombouctou ont eu lieu et qu'aucun participant n'a été identifié dans les émissions. Les ministères n'ont pas encore répondu à la synthèse.",
          },
          evidenceLinks: [],
          date: '2018-04-09', verified: false,
        },
      ],
    },

    // 6. Studio Tamani radio coverage — in progress, due 2028
    {
      key: 'radio-coverage',
      title: {
        en: 'Keep organised crime and its local effects on the air',
        fr: "Maintenir la criminalité organisée et ses effets locaux à l'antenne",
      },
      description: {
        en: 'Following the programme broadcast on 16 October 2014, produce regular debates and reports on trafficking, corruption and insecurity, in French and national languages, relayed by partner community radios.',
        fr: "Dans le prolongement de l'émission diffusée le 16 octobre 2014, produire régulièrement des débats et des reportages sur les trafics, la corruption et l'insécurité, en français et en langues nationales, relayés par les radios communautaires partenaires.",
      },
      ownerKey: 'studio-tamani',
      supportingKeys: ['international-alert'],
      recommendationCodes: ['R3'],
      themes: ['public_debate_media'],
      regions: ['national'],
      startDate: '2014-11-03',
      dueDate: '2028-12-31',
      indicators: [
        {
          name: { en: 'Programmes broadcast on the subject', fr: 'Émissions diffusées sur le sujet' },
          unit: 'count', baseline: 1, target: 120, current: 86,
        },
        {
          name: { en: 'Partner community radios relaying the programmes', fr: 'Radios communautaires partenaires relayant les émissions' },
          unit: 'count', baseline: 0, target: 60, current: 44,
        },
      ],
      milestones: [],
      reports: [
        {
          kind: 'self_report', organizationKey: 'studio-tamani', authorEmail: null, authorName: 'Adama Dembélé',
          status: 'in_progress', percent: 5,
          narrative: {
            fr: "Cinq émissions de débat consacrées aux trafics et à l'insécurité ont été diffusées depuis novembre 2014, en français, bambara, peul, songhaï et tamasheq.",
          },
          evidenceLinks: ['https://example.org/evidence/tamani-programme-list-2015.pdf'],
          date: '2015-04-20', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'studio-tamani', authorEmail: null, authorName: 'Adama Dembélé',
          status: 'in_progress', percent: 45,
          narrative: {
            en: '52 programmes broadcast since 2014. Reporting from the north relies on correspondents who are not named on air, for their safety.',
            fr: "52 émissions diffusées depuis 2014. Les reportages dans le Nord reposent sur des correspondants dont le nom n'est pas cité à l'antenne, pour leur sécurité.",
          },
          evidenceLinks: [],
          date: '2019-03-11', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 65,
          narrative: {
            en: 'Coverage is regular. Listeners we met in Mopti and Ségou refer to the programmes, but ask for more follow-up on what the authorities did once an issue had been raised.',
            fr: "La couverture est régulière. Les auditeurs rencontrés à Mopti et à Ségou citent les émissions, mais souhaitent davantage de suivi sur les mesures prises par les autorités une fois un problème soulevé.",
          },
          evidenceLinks: [],
          date: '2025-09-15', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'studio-tamani', authorEmail: null, authorName: 'Salimata Togola',
          status: 'in_progress', percent: 70,
          narrative: {
            en: '86 programmes broadcast to date, relayed by 44 partner radios. The 2026–2028 plan adds a yearly programme reviewing the roundtable commitments followed on Suivi.',
            fr: "86 émissions diffusées à ce jour, relayées par 44 radios partenaires. Le plan 2026-2028 prévoit en outre une émission annuelle consacrée au bilan des engagements de la table ronde suivis sur Suivi.",
          },
          evidenceLinks: ['https://example.org/evidence/tamani-plan-2026-2028.pdf'],
          date: '2026-06-08', verified: false,
        },
      ],
    },

    // 7. Local research capacity — in progress, due 2027
    {
      key: 'local-research-capacity',
      title: {
        en: 'Build Malian research capacity on the political economy of organised crime',
        fr: "Renforcer les capacités de recherche maliennes sur l'économie politique de la criminalité organisée",
      },
      description: {
        en: 'Set up a research programme at the university, with the Peacekeeping School, that trains Malian researchers in political-economy and conflict analysis, publishes local studies and returns findings to the communities surveyed.',
        fr: "Mettre en place à l'université, avec l'École de Maintien de la Paix, un programme de recherche qui forme des chercheurs maliens à l'analyse d'économie politique et des conflits, publie des études locales et restitue les résultats aux communautés enquêtées.",
      },
      ownerKey: 'usjpb',
      supportingKeys: ['empaby', 'gi-toc', 'international-alert'],
      recommendationCodes: ['R4'],
      themes: ['research_analysis', 'crime_sensitivity'],
      regions: ['bamako', 'kayes', 'mopti', 'gao', 'tombouctou'],
      startDate: '2015-04-01',
      dueDate: '2027-06-30',
      indicators: [
        {
          name: { en: 'Malian researchers trained', fr: 'Chercheurs maliens formés' },
          unit: 'count', baseline: 0, target: 40, current: 31,
        },
        {
          name: { en: 'Local studies published', fr: 'Études locales publiées' },
          unit: 'count', baseline: 0, target: 12, current: 7,
        },
      ],
      milestones: [
        {
          title: { en: "Master's module on organised crime and the informal economy opened", fr: "Module de master sur la criminalité organisée et l'économie informelle ouvert" },
          plannedDate: '2016-10-01', reachedDate: '2016-11-07',
        },
        {
          title: { en: 'Findings returned in surveyed communities', fr: 'Restitution des résultats dans les communautés enquêtées' },
          plannedDate: '2025-06-30', reachedDate: null,
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'usjpb', authorEmail: null, authorName: 'Bakary Samaké',
          status: 'in_progress', percent: 15,
          narrative: {
            en: 'A research unit has been set up with the Peacekeeping School. Twelve young researchers were selected and a first training session on political-economy analysis was held in December 2015.',
            fr: "Une cellule de recherche a été créée avec l'École de Maintien de la Paix. Douze jeunes chercheurs ont été retenus et une première session de formation à l'analyse d'économie politique s'est tenue en décembre 2015.",
          },
          evidenceLinks: ['https://example.org/evidence/usjpb-research-unit-2015.pdf'],
          date: '2016-01-25', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'usjpb', authorEmail: null, authorName: 'Bakary Samaké',
          status: 'in_progress', percent: 45,
          narrative: {
            en: '26 researchers trained and four local studies published, on fuel smuggling around Gao, artisanal gold mining in Kéniéba, cattle theft in central Mali and informal trade in Timbuktu.',
            fr: "26 chercheurs formés et quatre études locales publiées, portant sur la contrebande de carburant autour de Gao, l'orpaillage à Kéniéba, le vol de bétail dans le centre du pays et le commerce informel à Tombouctou.",
          },
          evidenceLinks: [
            'https://example.org/evidence/usjpb-study-fuel-gao-2018.pdf',
            'https://example.org/evidence/usjpb-study-gold-kenieba-2019.pdf',
          ],
          date: '2019-05-13', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'usjpb', authorEmail: null, authorName: 'Bakary Samaké',
          status: 'stalled', percent: 45,
          narrative: {
            en: "Fieldwork in the centre and north has been suspended for the researchers' safety and the main grant ended in 2022. Teaching continues; no new study has started.",
            fr: "Les enquêtes de terrain dans le Centre et le Nord ont été suspendues pour la sécurité des chercheurs et le principal financement a pris fin en 2022. L'enseignement se poursuit ; aucune nouvelle étude n'a été lancée.",
          },
          evidenceLinks: [],
          date: '2023-03-06', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'usjpb', authorEmail: null, authorName: 'Nana Kouyaté',
          status: 'in_progress', percent: 60,
          narrative: {
            en: 'New funding obtained in 2025. 31 researchers trained and seven studies published in total; restitution sessions in Ségou and Mopti are planned for early 2027.',
            fr: 'Un nouveau financement a été obtenu en 2025. Au total, 31 chercheurs ont été formés et sept études publiées ; des séances de restitution à Ségou et à Mopti sont prévues début 2027.',
          },
          evidenceLinks: ['https://example.org/evidence/usjpb-progress-2025.pdf'],
          date: '2025-11-10', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 55,
          narrative: {
            en: 'The studies are useful and written by Malian researchers, as intended. The restitution to communities, planned for 2025, has slipped again; it is the part communities ask about most.',
            fr: "Les études sont utiles et rédigées par des chercheurs maliens, comme prévu. La restitution aux communautés, prévue en 2025, a de nouveau été reportée ; c'est pourtant le volet sur lequel les communautés nous interrogent le plus.",
          },
          evidenceLinks: [],
          date: '2026-04-20', verified: false,
        },
      ],
    },

    // 8. Public oversight of spending — contested (in progress vs stalled), overdue
    {
      key: 'public-spending-oversight',
      title: {
        en: 'Open public spending to citizen oversight',
        fr: 'Ouvrir les dépenses publiques au contrôle citoyen',
      },
      description: {
        en: 'Publish quarterly budget execution reports and public procurement awards in an open format, with a citizen budget, so that civil society and the media can follow public spending, including in the security sector and the northern regions.',
        fr: "Publier chaque trimestre, dans un format ouvert, les rapports d'exécution du budget et les attributions de marchés publics, accompagnés d'un budget citoyen, afin que la société civile et les médias puissent suivre la dépense publique, y compris dans le secteur de la sécurité et dans les régions du Nord.",
      },
      ownerKey: 'mef',
      supportingKeys: ['eu', 'mcom'],
      recommendationCodes: ['R1', 'R2'],
      themes: ['governance_anticorruption'],
      regions: ['national'],
      startDate: '2015-01-15',
      dueDate: '2019-12-31',
      indicators: [
        {
          name: { en: 'Quarterly budget execution reports published within 45 days', fr: "Rapports trimestriels d'exécution du budget publiés sous 45 jours" },
          unit: '%', baseline: 0, target: 100, current: 25,
        },
        {
          name: { en: 'Procurement awards published in open format', fr: 'Attributions de marchés publics publiées en format ouvert' },
          unit: '%', baseline: 10, target: 100, current: 65,
        },
      ],
      milestones: [
        {
          title: { en: 'First citizen budget published', fr: 'Premier budget citoyen publié' },
          plannedDate: '2015-12-31', reachedDate: '2016-03-10',
        },
        {
          title: { en: 'Open data portal online', fr: 'Portail de données ouvertes en ligne' },
          plannedDate: '2018-06-30', reachedDate: '2020-01-20',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'mef', authorEmail: null, authorName: 'Awa Sangaré',
          status: 'in_progress', percent: 30,
          narrative: {
            en: "Budget execution reports for the first two quarters of 2015 are posted on the Ministry's website. A citizen budget for 2016 is being prepared with civil society.",
            fr: "Les rapports d'exécution du budget des deux premiers trimestres 2015 sont en ligne sur le site du Ministère. Un budget citoyen 2016 est en cours d'élaboration avec la société civile.",
          },
          evidenceLinks: ['https://example.org/evidence/mef-budget-execution-q2-2015.pdf'],
          date: '2015-09-21', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'mef', authorEmail: null, authorName: 'Awa Sangaré',
          status: 'in_progress', percent: 60,
          narrative: {
            en: 'Citizen budgets published for 2016 and 2017. Procurement awards are now published monthly; an open data portal is being tested.',
            fr: "Budgets citoyens publiés pour 2016 et 2017. Les attributions de marchés sont désormais publiées chaque mois ; un portail de données ouvertes est en phase de test.",
          },
          evidenceLinks: ['https://example.org/evidence/mef-citizen-budget-2017.pdf'],
          date: '2017-12-04', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'stalled', percent: 40,
          narrative: {
            en: 'Quarterly reports appear six to nine months late, and defence and security contracts are excluded on confidentiality grounds. We have seen no further progress since early 2018.',
            fr: "Les rapports trimestriels paraissent avec six à neuf mois de retard, et les marchés de défense et de sécurité en sont exclus au motif de la confidentialité. Nous ne constatons aucun progrès depuis début 2018.",
          },
          evidenceLinks: ['https://example.org/evidence/ocgs-budget-publication-tracker-2018.csv'],
          date: '2018-06-25', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'mef', authorEmail: null, authorName: 'Oumar Traoré',
          status: 'in_progress', percent: 75,
          narrative: {
            en: 'The open data portal went online in January 2020 with procurement data from 2018 onwards. Security-sector spending is still published in aggregate only.',
            fr: "Le portail de données ouvertes est en ligne depuis janvier 2020, avec les données de marchés publics à partir de 2018. Les dépenses du secteur de la sécurité ne sont toujours publiées que de manière agrégée.",
          },
          evidenceLinks: ['https://example.org/evidence/mef-open-data-portal-launch-2020.pdf'],
          date: '2020-03-16', verified: false,
        },
        {
          kind: 'independent_assessment', organizationKey: 'securite-frontalieres', authorEmail: null, authorName: 'Hamidou Dicko',
          status: 'stalled', percent: null,
          narrative: {
            en: 'The portal has not been updated since September 2020 and the 2020 budget execution reports were not published. We consider the commitment stalled.',
            fr: "Le portail n'a pas été mis à jour depuis septembre 2020 et les rapports d'exécution du budget 2020 n'ont pas été publiés. Nous considérons l'engagement comme au point mort.",
          },
          evidenceLinks: [],
          date: '2021-05-31', verified: false,
        },
      ],
    },

    // 9. Regional border dialogue — stalled, overdue
    {
      key: 'regional-border-dialogue',
      title: {
        en: 'Put cross-border crime on the agenda of regional security dialogue',
        fr: "Inscrire la criminalité transfrontalière à l'ordre du jour du dialogue régional sur la sécurité",
      },
      description: {
        en: 'Use the renewed regional dialogue on security to address trafficking and cross-border crime with neighbouring states, while protecting the legitimate cross-border trade on which border communities depend, and involve those communities in the discussion.',
        fr: "Mettre à profit le dialogue régional renouvelé sur la sécurité pour traiter des trafics et de la criminalité transfrontalière avec les États voisins, tout en préservant le commerce transfrontalier licite dont vivent les populations frontalières, et associer ces populations aux échanges.",
      },
      ownerKey: 'maeci',
      supportingKeys: ['mspc', 'mat', 'ddg'],
      recommendationCodes: ['R1', 'R4'],
      themes: ['regional_border_cooperation', 'crime_sensitivity'],
      regions: ['cross_border', 'kidal', 'gao', 'menaka', 'tombouctou', 'taoudenit'],
      startDate: '2015-06-01',
      dueDate: '2018-06-30',
      indicators: [
        {
          name: { en: 'Bilateral or regional meetings with cross-border crime on the agenda', fr: "Réunions bilatérales ou régionales ayant inscrit la criminalité transfrontalière à l'ordre du jour" },
          unit: 'count', baseline: 0, target: 10, current: 6,
        },
        {
          name: { en: 'Consultations held with border community representatives', fr: 'Consultations tenues avec des représentants des populations frontalières' },
          unit: 'count', baseline: 0, target: 4, current: 0,
        },
      ],
      milestones: [
        {
          title: { en: 'First consultation with border communities', fr: 'Première consultation des populations frontalières' },
          plannedDate: '2017-06-30', reachedDate: null,
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'maeci', authorEmail: null, authorName: 'Aïssata Maïga',
          status: 'in_progress', percent: 20,
          narrative: {
            en: 'Cross-border crime was placed on the agenda of two bilateral commissions in 2015. A concept note on consulting border communities has been shared with partners.',
            fr: "La criminalité transfrontalière a été inscrite à l'ordre du jour de deux commissions mixtes en 2015. Une note conceptuelle sur la consultation des populations frontalières a été partagée avec les partenaires.",
          },
          evidenceLinks: ['https://example.org/evidence/maeci-concept-note-border-2015.pdf'],
          date: '2016-02-08', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'maeci', authorEmail: null, authorName: 'Aïssata Maïga',
          status: 'in_progress', percent: 50,
          narrative: {
            en: 'Six meetings have been held with neighbouring states with trafficking and informal trade on the agenda. The consultation of border communities is scheduled for 2018.',
            fr: "Six réunions ont été tenues avec les États voisins, avec les trafics et le commerce informel à l'ordre du jour. La consultation des populations frontalières est programmée pour 2018.",
          },
          evidenceLinks: [],
          date: '2017-10-23', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'securite-frontalieres', authorEmail: null, authorName: 'Hamidou Dicko',
          status: 'in_progress', percent: 40,
          narrative: {
            en: 'The inter-state meetings took place, but traders and elected officials in the border communes where we work have not been consulted, although the commitment provides for it.',
            fr: "Les réunions interétatiques ont bien eu lieu, mais les commerçants et les élus des communes frontalières où nous intervenons n'ont pas été consultés, alors que l'engagement le prévoit.",
          },
          evidenceLinks: [],
          date: '2018-03-12', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'maeci', authorEmail: null, authorName: 'Cheick Oumar Diallo',
          status: 'stalled', percent: 50,
          narrative: {
            fr: "Le contexte régional a conduit à la suspension de plusieurs cadres de concertation. La consultation des populations frontalières n'a pas pu être organisée.",
          },
          evidenceLinks: [],
          date: '2021-11-29', verified: false,
        },
        {
          kind: 'independent_assessment', organizationKey: 'securite-frontalieres', authorEmail: null, authorName: 'Hamidou Dicko',
          status: 'stalled', percent: null,
          narrative: {
            en: 'We confirm that no consultation has taken place. Meanwhile, tighter controls have made ordinary cross-border trade harder for the communities we work with.',
            fr: "Nous confirmons qu'aucune consultation n'a eu lieu. Entre-temps, le renforcement des contrôles a rendu plus difficile le petit commerce transfrontalier des communautés avec lesquelles nous travaillons.",
          },
          evidenceLinks: [],
          date: '2022-03-14', verified: false,
        },
      ],
    },

    // 10. Return of administration and services to the north — contested, due 2028
    {
      key: 'return-of-administration',
      title: {
        en: 'Return the administration and basic services to the northern regions',
        fr: "Assurer le retour de l'administration et des services sociaux de base dans les régions du Nord",
      },
      description: {
        en: 'Redeploy governors, prefects, sub-prefects and civil registry services to their posts in the north and centre, with the means to work, as a condition for curbing the protection economy that fills the absence of the state.',
        fr: "Redéployer gouverneurs, préfets, sous-préfets et services de l'état civil à leurs postes dans le Nord et le Centre, avec les moyens de fonctionner, condition pour réduire l'économie de protection qui comble l'absence de l'État.",
      },
      ownerKey: 'mat',
      supportingKeys: ['minusma', 'eu'],
      recommendationCodes: ['R1'],
      themes: ['governance_anticorruption', 'development_livelihoods', 'security_sector_reform'],
      regions: ['tombouctou', 'gao', 'kidal', 'menaka', 'taoudenit', 'mopti'],
      startDate: '2015-01-05',
      dueDate: '2028-12-31',
      indicators: [
        {
          name: { en: 'Prefects and sub-prefects at their posts in the northern regions', fr: 'Préfets et sous-préfets présents à leur poste dans les régions du Nord' },
          unit: '%', baseline: 30, target: 90, current: 62,
        },
        {
          name: { en: 'Communes with a functioning civil registry office', fr: "Communes dotées d'un centre d'état civil fonctionnel" },
          unit: 'count', baseline: null, target: null, current: null,
        },
      ],
      milestones: [
        {
          title: { en: 'Redeployment plan adopted', fr: 'Plan de redéploiement adopté' },
          plannedDate: '2015-06-30', reachedDate: '2015-07-22',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'mat', authorEmail: null, authorName: 'Moussa Maïga',
          status: 'in_progress', percent: 30,
          narrative: {
            en: 'The redeployment plan was adopted in July 2015. Governors are back in Timbuktu and Gao; about 40% of prefects and sub-prefects in the northern regions are at their posts.',
            fr: "Le plan de redéploiement a été adopté en juillet 2015. Les gouverneurs ont regagné Tombouctou et Gao ; environ 40 % des préfets et sous-préfets des régions du Nord sont à leur poste.",
          },
          evidenceLinks: ['https://example.org/evidence/mat-redeployment-plan-2015.pdf'],
          date: '2015-12-14', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'reseau-femmes', authorEmail: null, authorName: 'Rokia Touré',
          status: 'in_progress', percent: null,
          narrative: {
            en: 'Administrators are back in the regional capitals, but in many cercles they come for the day and leave. Civil registry offices remain closed in most communes we visited.',
            fr: "Les administrateurs sont de retour dans les capitales régionales, mais dans de nombreux cercles ils ne font que passer la journée. Les centres d'état civil restent fermés dans la plupart des communes visitées.",
          },
          evidenceLinks: [],
          date: '2016-06-27', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'mat', authorEmail: null, authorName: 'Moussa Maïga',
          status: 'in_progress', percent: 55,
          narrative: {
            en: 'The presence rate of prefects and sub-prefects in the northern regions has reached 55%. Transitional authorities are in place in the new regions.',
            fr: "Le taux de présence des préfets et sous-préfets dans les régions du Nord atteint 55 %. Des autorités intérimaires sont en place dans les nouvelles régions.",
          },
          evidenceLinks: ['https://example.org/evidence/mat-presence-rate-2019.pdf'],
          date: '2019-10-07', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'mat', authorEmail: null, authorName: 'Fanta Diakité',
          status: 'in_progress', percent: 62,
          narrative: {
            en: '62% of prefects and sub-prefects are at their posts. Mobile civil registry sessions were held in 14 communes of the Timbuktu and Gao regions.',
            fr: "62 % des préfets et sous-préfets sont à leur poste. Des audiences foraines d'état civil ont été tenues dans 14 communes des régions de Tombouctou et de Gao.",
          },
          evidenceLinks: ['https://example.org/evidence/mat-civil-registry-sessions-2024.pdf'],
          date: '2024-07-15', verified: false,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'stalled', percent: 40,
          narrative: {
            en: 'The presence figures count appointments, not people on site. In the Ménaka and Kidal regions administrators remain largely confined to the regional capitals, and basic services have not returned to rural communes.',
            fr: "Les chiffres de présence comptent les nominations, non les agents effectivement sur place. Dans les régions de Ménaka et de Kidal, les administrateurs restent pour l'essentiel cantonnés aux chefs-lieux, et les services sociaux de base ne sont pas revenus dans les communes rurales.",
          },
          evidenceLinks: ['https://example.org/evidence/ocgs-field-visits-north-2025.pdf'],
          date: '2025-04-22', verified: false,
        },
      ],
    },

    // 11. DDR reintegration — no self-report at all, overdue
    {
      key: 'ddr-economic-alternatives',
      title: {
        en: 'Offer former combatants and arms holders economic alternatives to trafficking',
        fr: "Offrir aux ex-combattants et aux détenteurs d'armes des alternatives économiques aux trafics",
      },
      description: {
        en: 'Design the reintegration component of DDR around viable economic alternatives to criminal activity, based on local market analysis, for former combatants, small-arms holders and young people at risk of recruitment.',
        fr: "Concevoir le volet réinsertion du DDR autour d'alternatives économiques viables aux activités criminelles, fondées sur une analyse des marchés locaux, au bénéfice des ex-combattants, des détenteurs d'armes légères et des jeunes exposés au recrutement.",
      },
      ownerKey: 'mspc',
      supportingKeys: ['minusma', 'ddg', 'netherlands'],
      recommendationCodes: ['R1', 'R4'],
      themes: ['ddr', 'development_livelihoods'],
      regions: ['gao', 'tombouctou', 'kidal', 'menaka', 'mopti'],
      startDate: '2015-06-15',
      dueDate: '2017-12-31',
      indicators: [
        {
          name: { en: 'Former combatants and arms holders in reintegration projects', fr: "Ex-combattants et détenteurs d'armes engagés dans des projets de réinsertion" },
          unit: 'count', baseline: 0, target: 4000, current: null,
        },
      ],
      milestones: [
        {
          title: { en: 'Local market analysis for reintegration completed', fr: 'Analyse des marchés locaux pour la réinsertion achevée' },
          plannedDate: '2016-06-30', reachedDate: null,
        },
      ],
      reports: [
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'not_started', percent: 0,
          narrative: {
            en: 'We found no reintegration project under this commitment and no market analysis. The Ministry has published no report on it.',
            fr: "Nous n'avons trouvé aucun projet de réinsertion relevant de cet engagement, ni aucune analyse des marchés. Le Ministère n'a publié aucun rapport à ce sujet.",
          },
          evidenceLinks: [],
          date: '2018-02-19', verified: false,
        },
        {
          kind: 'independent_assessment', organizationKey: 'reseau-femmes', authorEmail: null, authorName: 'Rokia Touré',
          status: 'not_started', percent: 0,
          narrative: {
            en: 'Young men we spoke with in Gao say the promised reintegration support has not reached them; some have gone back to escorting convoys.',
            fr: "Les jeunes hommes rencontrés à Gao affirment que l'appui à la réinsertion promis ne leur est pas parvenu ; certains ont repris l'escorte de convois.",
          },
          evidenceLinks: [],
          date: '2020-10-05', verified: false,
        },
      ],
    },

    // 12. Anti-money-laundering prosecutions — in progress, due 2027
    {
      key: 'aml-prosecutions',
      title: {
        en: 'Prosecute money laundering linked to trafficking, including at high level',
        fr: 'Poursuivre le blanchiment de capitaux lié aux trafics, y compris au plus haut niveau',
      },
      description: {
        en: 'Have prosecutors and the Pôle Judiciaire Spécialisé act on financial intelligence reports on the laundering of trafficking proceeds, try offenders including senior officials, and publish yearly figures.',
        fr: "Faire en sorte que les parquets et le Pôle judiciaire spécialisé donnent suite aux déclarations de renseignement financier relatives au blanchiment du produit des trafics, jugent les auteurs, y compris les hauts responsables, et publient chaque année les statistiques.",
      },
      ownerKey: 'mjdh',
      supportingKeys: ['pjs', 'mef', 'eu'],
      recommendationCodes: ['R1'],
      themes: ['justice_judiciary', 'governance_anticorruption'],
      regions: ['national', 'bamako'],
      startDate: '2015-06-01',
      dueDate: '2027-12-31',
      indicators: [
        {
          name: { en: 'Money-laundering cases referred to trial', fr: 'Affaires de blanchiment renvoyées en jugement' },
          unit: 'count', baseline: 0, target: 20, current: 14,
        },
        {
          name: { en: 'Final convictions for money laundering', fr: 'Condamnations définitives pour blanchiment' },
          unit: 'count', baseline: 0, target: 10, current: 4,
        },
      ],
      milestones: [
        {
          title: { en: 'First yearly statistics on money-laundering cases published', fr: 'Premières statistiques annuelles sur les affaires de blanchiment publiées' },
          plannedDate: '2016-12-31', reachedDate: '2017-04-03',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'mjdh', authorEmail: 'justice@suivi.demo',
          status: 'in_progress', percent: 20,
          narrative: {
            en: 'A circular instructs prosecutors to open a file on every financial intelligence report received. Four cases have been referred to trial since June 2015.',
            fr: "Une circulaire enjoint aux procureurs d'ouvrir une procédure pour chaque déclaration de renseignement financier reçue. Quatre affaires ont été renvoyées en jugement depuis juin 2015.",
          },
          evidenceLinks: ['https://example.org/evidence/mjdh-aml-circular-2016.pdf'],
          date: '2016-09-26', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'mjdh', authorEmail: null, authorName: 'Mahamadou Ballo',
          status: 'in_progress', percent: 40,
          narrative: {
            en: 'Eleven cases referred to trial and three convictions since 2015. Two cases involving former officials are under investigation.',
            fr: "Onze affaires renvoyées en jugement et trois condamnations depuis 2015. Deux dossiers mettant en cause d'anciens responsables sont à l'instruction.",
          },
          evidenceLinks: ['https://example.org/evidence/mjdh-aml-statistics-2020.pdf'],
          date: '2020-11-16', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'in_progress', percent: 30,
          narrative: {
            en: 'Figures are now published every year, which we welcome. None of the convictions so far concerns a public official, and asset confiscations remain symbolic.',
            fr: "Les statistiques sont désormais publiées chaque année, ce dont nous nous félicitons. Aucune des condamnations ne concerne à ce jour un agent public, et les confiscations d'avoirs restent symboliques.",
          },
          evidenceLinks: [],
          date: '2021-03-22', verified: false,
        },
        {
          kind: 'self_report', organizationKey: 'mjdh', authorEmail: 'justice@suivi.demo',
          status: 'in_progress', percent: 55,
          narrative: {
            fr: "Les statistiques publiées en avril 2026 font état de quatorze affaires de blanchiment renvoyées en jugement depuis 2015 et de quatre condamnations définitives. Un dossier mettant en cause un ancien responsable administratif est en cours d'instruction.",
          },
          evidenceLinks: ['https://example.org/evidence/mjdh-aml-statistics-2025.pdf'],
          date: '2026-05-11', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'reseau-femmes', authorEmail: null, authorName: 'Rokia Touré',
          status: 'in_progress', percent: null,
          narrative: {
            en: 'Progress is real but slow. The case against a former official has been under investigation for more than two years; we will follow the hearing dates.',
            fr: "Les progrès sont réels mais lents. Le dossier visant un ancien responsable est à l'instruction depuis plus de deux ans ; nous suivrons les dates d'audience.",
          },
          evidenceLinks: [],
          date: '2026-09-28', verified: false,
        },
      ],
    },

    // 13. Community safety in the border area — completed, assessment agrees
    {
      key: 'border-community-safety',
      title: {
        en: 'Community safety and armed violence reduction in the Mali–Niger–Burkina Faso border area',
        fr: 'Sécurité communautaire et réduction de la violence armée dans la zone frontalière Mali–Niger–Burkina Faso',
      },
      description: {
        en: 'Building on the household survey presented at the roundtable, set up community safety committees with local authorities and security forces, and return the findings on petty crime, banditry and arms availability to the communities surveyed.',
        fr: "À partir de l'enquête auprès des ménages présentée à la table ronde, mettre en place des comités de sécurité communautaire avec les autorités locales et les forces de sécurité, et restituer aux communautés enquêtées les résultats sur la petite délinquance, le banditisme et la circulation des armes.",
      },
      ownerKey: 'ddg',
      supportingKeys: ['mspc', 'mat'],
      recommendationCodes: ['R3', 'R4'],
      themes: ['security_sector_reform', 'dialogue_reconciliation', 'regional_border_cooperation'],
      regions: ['cross_border', 'gao', 'menaka', 'mopti'],
      startDate: '2015-03-01',
      dueDate: '2020-12-31',
      indicators: [
        {
          name: { en: 'Community safety committees meeting regularly', fr: 'Comités de sécurité communautaire se réunissant régulièrement' },
          unit: 'count', baseline: 0, target: 24, current: 24,
        },
        {
          name: { en: 'Surveyed communities where findings were returned', fr: "Communautés enquêtées ayant bénéficié d'une restitution des résultats" },
          unit: '%', baseline: 0, target: 100, current: 90,
        },
      ],
      milestones: [
        {
          title: { en: 'Survey findings returned to communities', fr: "Résultats de l'enquête restitués aux communautés" },
          plannedDate: '2015-12-31', reachedDate: '2016-02-26',
        },
      ],
      reports: [
        {
          kind: 'self_report', organizationKey: 'ddg', authorEmail: null, authorName: 'Lars Nielsen',
          status: 'in_progress', percent: 25,
          narrative: {
            en: 'Eight community safety committees set up in the Gao and Ménaka areas, each with representatives of women, youth, local authorities and the gendarmerie. Restitution of survey findings is planned for January 2016.',
          },
          evidenceLinks: ['https://example.org/evidence/ddg-committees-2015.pdf'],
          date: '2015-11-09', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'ddg', authorEmail: null, authorName: 'Lars Nielsen',
          status: 'in_progress', percent: 70,
          narrative: {
            en: 'Nineteen committees now meet monthly. Findings were returned in 90% of surveyed communities; access to the remaining ones is not possible for security reasons.',
            fr: "Dix-neuf comités se réunissent désormais chaque mois. Les résultats ont été restitués dans 90 % des communautés enquêtées ; les autres restent inaccessibles pour des raisons de sécurité.",
          },
          evidenceLinks: [],
          date: '2018-05-07', verified: true,
        },
        {
          kind: 'self_report', organizationKey: 'ddg', authorEmail: null, authorName: 'Mariétou Konaté',
          status: 'completed', percent: 100,
          narrative: {
            en: 'All 24 committees are running and have been handed over to the communes, which now convene them. The project closed in December 2020.',
            fr: 'Les 24 comités fonctionnent et ont été transférés aux communes, qui les convoquent désormais. Le projet a été clôturé en décembre 2020.',
          },
          evidenceLinks: ['https://example.org/evidence/ddg-final-report-2020.pdf'],
          date: '2020-12-14', verified: true,
        },
        {
          kind: 'independent_assessment', organizationKey: 'observatoire', authorEmail: 'civil@suivi.demo',
          status: 'completed', percent: 100,
          narrative: {
            en: 'The committees we visited near Ménaka still meet, now convened by the mayor. Members say relations with the gendarmerie have improved, though arms remain widely available.',
            fr: "Les comités visités près de Ménaka continuent de se réunir, désormais à l'initiative du maire. Leurs membres font état d'une amélioration des relations avec la gendarmerie, même si les armes restent largement disponibles.",
          },
          evidenceLinks: [],
          date: '2021-03-29', verified: false,
        },
      ],
    },
  ],
};
