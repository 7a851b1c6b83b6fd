/**
 * Ids of the demo data every subgraph seeds on first start. Each subgraph seeds only its
 * own tables; these constants are the only thing the seeds share, so that references
 * across subgraphs (a dispute's parties, a mediation case's dispute) line up.
 */
export const DEMO = {
  parties: {
    buyerLiNa: 'pty_demo_buyer_lina',
    buyerZhangWei: 'pty_demo_buyer_zhangwei',
    buyerWangFang: 'pty_demo_buyer_wangfang',
    merchantYiwuCrafts: 'pty_demo_merchant_yiwu_crafts',
    merchantGzElectronics: 'pty_demo_merchant_gz_electronics',
    rightsHolderBrand: 'pty_demo_rights_holder_brand',
    copycatSeller: 'pty_demo_copycat_seller',
    hkTrader: 'pty_demo_hk_trader',
    supplierCo: 'pty_demo_supplier_co',
    discreditedDebtor: 'pty_demo_discredited_debtor',
  },
  platforms: {
    silkRoadMall: 'plt_demo_silk_road_mall',
    yiwuGo: 'plt_demo_yiwu_go',
    pearlRiver: 'plt_demo_pearl_river',
  },
  stores: {
    yiwuCrafts: 'sto_demo_yiwu_crafts',
    gzElectronics: 'sto_demo_gz_electronics',
    copycat: 'sto_demo_copycat',
    supplier: 'sto_demo_supplier',
  },
  orders: {
    lanterns: 'ord_demo_lanterns',
    headphones: 'ord_demo_headphones',
    handbag: 'ord_demo_handbag',
    phoneCase: 'ord_demo_phone_case',
    blender: 'ord_demo_blender',
    bulkToys: 'ord_demo_bulk_toys',
  },
  disputes: {
    /** FILED: a buyer filed from the order page, not yet routed. */
    filed: 'dsp_demo_filed',
    /** NEGOTIATING on the platform. */
    negotiating: 'dsp_demo_negotiating',
    /** RESOLVED on the platform: the merchant agreed to refund. */
    resolvedOnPlatform: 'dsp_demo_resolved_on_platform',
    /** IN_MEDIATION with a mediator assigned. */
    inMediation: 'dsp_demo_in_mediation',
    /** platform → mediation → settlement → judicial confirmation (SETTLED). */
    settledAndConfirmed: 'dsp_demo_settled_confirmed',
    /** mediation → failure → litigation (IN_LITIGATION). */
    mediationFailedToCourt: 'dsp_demo_mediation_failed_litigation',
    /** IN_ARBITRATION: contract with an arbitration clause. */
    inArbitration: 'dsp_demo_in_arbitration',
    /** WITHDRAWN: the respondent could not be reached. */
    withdrawn: 'dsp_demo_withdrawn',
    /** FILED patent dispute between a rights holder and a copycat. */
    patent: 'dsp_demo_patent',
  },
  courts: {
    guangzhouInternet: 'crt_gz_internet',
    beijingInternet: 'crt_bj_internet',
    hangzhouInternet: 'crt_hz_internet',
    yiwu: 'crt_zj_yiwu',
    nansha: 'crt_gz_nansha',
    guangzhouIp: 'crt_gz_ip',
    hangzhouIntermediate: 'crt_hz_intermediate',
    supreme: 'crt_spc',
  },
  mediationOrganizations: {
    gzInternetCourtDdr: 'mor_gz_internet_ddr',
    yiwuMarketMediation: 'mor_yiwu_market',
    hkMacaoMediation: 'mor_gba_hk_macao',
  },
  mediators: {
    chenJing: 'med_demo_chen_jing',
    wongKaMing: 'med_demo_wong_ka_ming',
    zhouLei: 'med_demo_zhou_lei',
    linXiaoyan: 'med_demo_lin_xiaoyan',
  },
  arbitrationInstitutions: {
    cietac: 'arb_cietac',
    shanghai: 'arb_shiac',
    guangzhou: 'arb_gzac',
    shenzhen: 'arb_scia',
  },
} as const;
