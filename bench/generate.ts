/**
 * Generates call notes of a given size for benchmarks and property tests:
 * one customer's growing notes file, a third of the calls in Chinese and 40%
 * of them as record-sheet tables, deterministic for a given seed.
 */
export function generateNotes(targetBytes: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const people = ['Stephen Cheung', 'Michael Yan', 'Paul Thomas', 'Nancy Ramon', 'John Cameron', 'David Yo'];
  const wins = ['better communication between sites', 'lower operating cost', 'shorter cycle times', 'better customer service'];
  const personal = ['credibility with the executive committee', 'relief from time pressure', 'a sense of achievement'];
  const zhWins = ['各地分部之间沟通更顺畅', '降低运营成本', '缩短关键流程周期', '提升客户服务'];
  const zhPersonal = ['在执行委员会面前的信誉', '缓解时间压力', '个人成就感'];
  const parts: string[] = ['---\ncustomer: FILTEX\ncontact: Stephen Cheung\nmot: true\n---\n\n# FILTEX account notes\n\n'];
  let size = parts[0].length;
  let n = 0;
  while (size < targetBytes) {
    n++;
    const day = `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const due = `2027-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const zh = n % 3 === 0;
    const sheet = rand() < 0.4;
    let call: string;
    if (sheet && zh) {
      call = `## 记录表 ${n}（${day}）\n\n| 互动 | 第一次 | 第二次 |\n|---|---|---|\n| 探索 | 企业利益：${pick(zhWins)}<br>个人利益：${pick(zhPersonal)}<br>客户期望（潜在的期望）：说服执行委员会 | 企业利益：${pick(zhWins)}<br>个人利益：${pick(zhPersonal)}<br>客户期望（明显的期望）：看到演示 |\n| 提议 | [O1] 周一上午八点半回电 | [O1] 安排演示 |\n| 行动 | [x] O1 已回电 @paul | [ ] O1 准备演示 截止 ${due} @nancy |\n| 确认 | O1 ${pick(people)} 确认满意 | ${n % 20 === 0 ? '' : 'O1 客户确认演示时间合适'} |\n| 评分 | +2 | +1 |\n\n`;
    } else if (sheet) {
      call = `## Record sheet ${n} (${day})\n\n| Interaction | First call | Follow-up |\n|---|---|---|\n| Explore | Business win: ${pick(wins)}<br>Personal win: ${pick(personal)}<br>Expectation (implicit): convince the committee | Business win: ${pick(wins)}<br>Personal win: ${pick(personal)}<br>Expectation (explicit): a demo |\n| Offer | [O1] Call back Monday 8:30 | [O1] A demo for the committee |\n| Action | [x] O1 Called back @paul | [ ] O1 Prepare the demo due ${due} @nancy |\n| Confirm | O1 ${pick(people)} confirmed it helped | ${n % 20 === 0 ? '' : 'O1 he confirmed the demo date works'} |\n| Score | +2 | +1 |\n\n`;
    } else if (zh) {
      call = `## 与 ${pick(people)} 的通话 ${n}（${day}）\n\n评分：+${1 + (n % 3)}\n\n### 探索\n- 企业利益：${pick(zhWins)}\n- 个人利益：${pick(zhPersonal)}\n- 客户期望（潜在的期望）：获得 Yan 先生的批准\n- 客户很着急，需要在周一前得到答复，并且希望看到其他客户的案例。\n\n### 提议\n- [O1] 周一前发送方案\n- [O2] 婉拒：不能免费审计，但推荐两家合作伙伴\n\n### 行动\n- [x] O1 已发送方案 @paul\n- [ ] O1 跟进反馈 截止 ${due} @paul\n\n### 确认\n- O1：客户确认方案符合期望\n- O2：客户已联系合作伙伴\n\n`;
    } else {
      call = `## Call with ${pick(people)} ${n} (${day})\n\nScore: +${1 + (n % 3)}\n\n### Explore\n- Business win: ${pick(wins)}\n- Personal win: ${pick(personal)}\n- Expectation (explicit): a proposal before Monday\n- He was in a hurry and asked twice about the timeline; **note** the [intranet](https://example.com) project.\n\n### Offer\n- [O1] Send the proposal before Monday\n- [O2] No: we cannot audit for free; two partners can\n\n### Action\n- [x] O1 Proposal sent @paul\n- [ ] O1 Follow up due ${due} @paul\n\n### Confirm\n- O1: ${pick(people)} confirmed the proposal met the expectation\n- O2: he contacted one of the partners\n\n`;
    }
    parts.push(call);
    size += call.length;
  }
  return parts.join('');
}

/**
 * Call notes written the way an old account file really looks: many short
 * calls with offers nobody confirmed, actions without dates or long overdue,
 * a missing personal win here, a misspelt step or a duplicated offer id
 * there: about four findings per call (a 1 MB note has over 7,000),
 * deterministic for a given seed.
 */
export function generateMessyNotes(targetBytes: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const people = ['Stephen Cheung', 'Michael Yan', 'Paul Thomas', 'Nancy Ramon', 'John Cameron', 'David Yo'];
  const wins = ['lower operating cost', 'shorter cycle times', 'better customer service'];
  const offers = ['Send the price list', 'Arrange a site visit', 'Call back on Friday', 'Share two references', 'Draft the service plan'];
  const zhOffers = ['发送报价单', '安排现场参观', '周五回电', '提供两个客户案例', '起草服务方案'];
  const parts: string[] = ['---\ncustomer: FILTEX\nmot: true\n---\n\n# FILTEX account notes (old)\n\n'];
  let size = parts[0].length;
  let n = 0;
  while (size < targetBytes) {
    n++;
    const day = `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const zh = n % 3 === 0;
    const dup = n % 17 === 0;
    const typo = n % 11 === 0;
    const score = n % 23 === 0 ? '+5' : n % 5 === 0 ? '-1' : '+1';
    let call: string;
    if (zh) {
      call =
        `## 与 ${pick(people)} 的通话 ${n}（${day}）\n\n评分：${score}\n\n### 探索\n- 企业利益：降低运营成本\n${n % 7 ? '- 个人利益：缓解时间压力\n' : ''}- 客户期望（明显的期望）：尽快拿到方案\n- 客户提到去年的项目延期了两次，这次希望供应商能按时交付，并且每周同步一次进度。\n\n` +
        `### 提议\n- [O1] ${pick(zhOffers)}\n- [O${dup ? 1 : 2}] ${pick(zhOffers)}\n- [O3] ${pick(zhOffers)}\n\n` +
        `### 行动\n- [ ] O1 跟进 @paul\n- [ ] O2 准备材料 截止 ${day} @nancy\n- [x] O3 已完成 @paul\n\n` +
        `### ${typo ? '确任' : '确认'}\n- O1：客户说谢谢\n\n`;
    } else {
      call =
        `## Call with ${pick(people)} ${n} (${day})\n\nScore: ${score}\n\n### Explore\n- Business win: ${pick(wins)}\n${n % 7 ? '- Personal win: less time pressure\n' : ''}- Expectation (explicit): the plan before the board meets\n- Last year's project slipped twice; this time he wants weekly updates and a supplier that delivers on time.\n\n` +
        `### Offer\n- [O1] ${pick(offers)}\n- [O${dup ? 1 : 2}] ${pick(offers)}\n- [O3] ${pick(offers)}\n\n` +
        `### Action\n- [ ] O1 Follow up @paul\n- [ ] O2 Prepare the material due ${day} @nancy\n- [x] O3 Done @paul\n\n` +
        `### ${typo ? 'Confrim' : 'Confirm'}\n- O1: he said thanks\n\n`;
    }
    parts.push(call);
    size += call.length;
  }
  return parts.join('');
}


/** One file of a generated repository: a path relative to its root, `/`-separated, and its text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/**
 * Generates a team's repository of call notes, one call per file (~2.4 KB):
 * `customers/<customer>/…` in `folders` customer folders, a third of the
 * notes in Chinese and a quarter of them as record sheets; most named
 * `*.call.md`, some call notes by front matter (`mot: true`) and some by a
 * `calls/` folder. Some skip a step, leave an action open past its date or
 * score off the scale, so that every output path has findings to print.
 * Deterministic for a given seed.
 */
export function generateRepository(notes = 1000, options: { folders?: number; seed?: number } = {}): GeneratedFile[] {
  const folders = options.folders ?? 50;
  let state = (options.seed ?? 1) >>> 0 || 1;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const customers = Array.from({ length: folders }, (_, i) => `${pick(['filtex', 'tns', 'myco', 'penang-mills', 'asia-textiles', 'kowloon-print'])}-${String(i + 1).padStart(2, '0')}`);
  const people = ['Stephen Cheung', 'Michael Yan', 'Paul Thomas', 'Nancy Ramon', 'John Cameron', 'David Yo', 'Michelle Jones'];
  const zhPeople = ['张伟', '李娜', '王芳', '陈杰', '刘洋'];
  const wins = ['better communication between the mills and head office', 'lower operating cost in the Penang plant', 'shorter order cycle times', 'fewer complaints from key accounts'];
  const personal = ['credibility with the executive committee', 'relief from the time pressure of the quarter close', 'a sense of achievement in front of the board'];
  const offers = ['A demo of the intranet for the committee on Monday', 'Send the migration plan before Friday', 'A two-week pilot at the Penang mill', 'Call back tomorrow at 8:30 with the figures'];
  const zhWins = ['各地分部之间沟通更顺畅', '降低槟城工厂的运营成本', '缩短订单处理周期', '减少大客户投诉'];
  const zhPersonal = ['在执行委员会面前的信誉', '缓解季度结账的时间压力', '在董事会面前的成就感'];
  const zhOffers = ['周一为执行委员会演示内部网', '周五前发送迁移方案', '在槟城工厂试点两周', '明天上午八点半回电并提供数据'];
  const prose = [
    'He was in a hurry and asked twice about the timeline; the committee meets on the first Monday of the month and wants a decision before the budget round.',
    'The call started late because of a plant visit. She had read our last proposal and wanted to know what changed since the pilot in Kuala Lumpur.',
    'Notes taken during the call and cleaned up afterwards. The customer mentioned a competitor offer twice, without naming the vendor.',
  ];
  const zhProse = ['客户很着急，问了两次时间安排；执行委员会每月第一个周一开会，希望在预算评审前做出决定。', '通话因为工厂参观推迟了半小时。她看过我们上次的方案，想知道试点之后有什么变化。'];
  const files: GeneratedFile[] = [];
  for (let n = 1; n <= notes; n++) {
    const customer = customers[n % folders];
    const day = `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const due = `${rand() < 0.2 ? 2025 : 2027}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const zh = n % 3 === 0;
    const sheet = rand() < 0.25;
    const skipConfirm = rand() < 0.3;
    const score = rand() < 0.05 ? '+5' : pick(['+2', '+1', '-1', '+3']);
    const contact = zh ? pick(zhPeople) : pick(people);
    const naming = rand();
    const slug = `${day}-${zh ? 'tonghua' : contact.split(' ')[0].toLowerCase()}-${n}`;
    const path = naming < 0.7 ? `customers/${customer}/${slug}.call.md` : naming < 0.85 ? `customers/${customer}/calls/${slug}.md` : `customers/${customer}/${slug}.md`;
    const front = `---\ncustomer: ${customer.toUpperCase()}\ncontact: ${contact}\ndate: ${day}\n${naming >= 0.85 ? 'mot: true\n' : ''}channel: ${pick(['phone', 'on site', 'video'])}\n---\n\n`;
    let body: string;
    if (sheet && zh) {
      body =
        `# ${customer.toUpperCase()} 记录表（${day}）\n\n${pick(zhProse)}\n\n| 互动 | 第一次 | 第二次 |\n|---|---|---|\n` +
        `| 探索 | 企业利益：${pick(zhWins)}<br>个人利益：${pick(zhPersonal)}<br>客户期望（潜在的期望）：说服执行委员会 | 企业利益：${pick(zhWins)}<br>客户期望（明显的期望）：看到演示 |\n` +
        `| 提议 | [O1] ${pick(zhOffers)} | [O1] ${pick(zhOffers)} |\n| 行动 | [x] O1 已回电 @paul | [ ] O1 准备演示 截止 ${due} @nancy |\n` +
        `| 确认 | O1 ${contact} 确认满意 | ${skipConfirm ? '' : 'O1 客户确认演示时间合适'} |\n| 评分 | ${score} | +1 |\n\n${pick(zhProse)}\n${pick(zhProse)}\n`;
    } else if (sheet) {
      body =
        `# ${customer.toUpperCase()} record sheet (${day})\n\n${pick(prose)}\n\n| Interaction | First call | Follow-up |\n|---|---|---|\n` +
        `| Explore | Business win: ${pick(wins)}<br>Personal win: ${pick(personal)}<br>Expectation (implicit): convince the committee | Business win: ${pick(wins)}<br>Expectation (explicit): a demo |\n` +
        `| Offer | [O1] ${pick(offers)} | [O1] ${pick(offers)} |\n| Action | [x] O1 Called back @paul | [ ] O1 Prepare the demo due ${due} @nancy |\n` +
        `| Confirm | O1 ${contact} confirmed it helped | ${skipConfirm ? '' : 'O1 he confirmed the demo date works'} |\n| Score | ${score} | +1 |\n\n${pick(prose)}\n\n${pick(prose)}\n`;
    } else if (zh) {
      body =
        `# 与 ${contact} 的通话（${day}）\n\n${pick(zhProse)}\n\n评分：${score}\n\n## 探索\n- 企业利益：${pick(zhWins)}\n- 个人利益：${pick(zhPersonal)}\n- 客户期望（潜在的期望）：获得执行委员会的批准\n- ${pick(zhProse)}\n\n` +
        `## 提议\n- [O1] ${pick(zhOffers)}\n- [O2] 婉拒：不能免费审计，但推荐两家合作伙伴\n\n## 行动\n- [x] O1 已发送方案 @paul\n- [ ] O1 跟进反馈 截止 ${due} @paul\n- [ ] O2 把合作伙伴的联系方式发给客户\n\n` +
        (skipConfirm ? '' : `## 确认\n- O1：客户确认方案符合期望\n- O2：客户已联系合作伙伴\n\n`) +
        `${pick(zhProse)}\n`;
    } else {
      body =
        `# Call with ${contact} (${day})\n\n${pick(prose)}\n\nScore: ${score}\n\n## Explore\n- Business win: ${pick(wins)}\n- Personal win: ${pick(personal)}\n- Expectation (explicit): a proposal before Monday\n- ${pick(prose)} **Note** the [intranet](https://example.com/intranet) project.\n\n` +
        `## Offer\n- [O1] ${pick(offers)}\n- [O2] No: we cannot audit for free; two partners can\n\n## Action\n- [x] O1 Proposal sent @paul\n- [ ] O1 Follow up due ${due} @paul\n- [ ] O2 Send the partners' contacts\n\n` +
        (skipConfirm ? '' : `## Confirm\n- O1: ${contact} confirmed the proposal met the expectation\n- O2: he contacted one of the partners\n\n`) +
        `${pick(prose)}\n\n${pick(prose)}\n`;
    }
    // Background paragraphs under the call's title (not inside a step) bring each note to its size.
    const target = 2250 + Math.floor(rand() * 300);
    const padding: string[] = [];
    while (Buffer.byteLength(front + body + padding.join('')) < target) padding.push(`${zh ? pick(zhProse) : pick(prose)}\n\n`);
    const split = body.indexOf('\n\n') + 2;
    files.push({ path, text: front + body.slice(0, split) + padding.join('') + body.slice(split) });
  }
  return files;
}
