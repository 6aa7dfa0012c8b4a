import { loc, type Localized, type StepKind } from '../types.js';
import type { ExpectationKind } from '../model/items.js';

/**
 * The coaching texts shown on hover, written from the course's facts
 * (MOT.md). Markdown; one entry per language.
 */

/** What each step is for and its checklist. */
export const STEP_COACHING: Record<StepKind, Localized> = {
  explore: loc(
    [
      '**Explore** — understand the customer\'s needs and thinking before you propose anything.',
      '',
      '- **Think customer**: what is their *business win* (what the organisation gains) and their *personal win* (what the person gains)?',
      '- **Expectations**: what result do they expect? Look for the explicit ones, the implicit ones (ask *why* they asked), and the ones not formed yet, which your expertise can turn into expectations. Uncovering latent needs is how you exceed expectations.',
      '- **Active listening**: watch the body language (and show yours), ask the right questions, don\'t interrupt, take notes, confirm your understanding, respond to feelings, stand where they stand.',
      '- **Internal customers count too**: a colleague who asks you for help is your customer — explore what they really need before you answer.',
    ].join('\n'),
    [
      '**探索** —— 在提出任何方案之前，先了解客户的需求和想法。',
      '',
      '- **为客户着想**：客户的*企业利益*（组织得到什么）和*个人利益*（个人得到什么）是什么？',
      '- **客户期望**：客户期望得到什么结果？找出明显的期望、潜在的期望（问一问客户为什么提出这个要求），以及尚不存在、可以凭你的专业帮客户形成的期望。发掘潜在需求才能超出期望。',
      '- **积极倾听**：留意对方的肢体语言（非语言的交流），也注意自己的；问对问题；不打断；做笔记；确认自己理解得对；回应对方的感受；站在对方的立场上。',
      '- **内部客户也是客户**：来找你帮忙的同事就是你的客户——先弄清他真正需要什么，再给答复。',
    ].join('\n'),
  ),
  offer: loc(
    [
      '**Offer** — propose a concrete course of action that meets the expectation you explored; a good offer may go beyond it.',
      '',
      '- Fit the offer to the business and personal wins and the expectations you found.',
      '- Be concrete: what, when, how the customer will hear from you.',
      '- **Saying no is an offer too**: say it early and pleasantly, with the reason, so the customer has time to find help elsewhere. Never keep a customer waiting for a "no".',
    ].join('\n'),
    [
      '**提议** —— 提出符合所探索到的期望的具体做法；好的提议还可以超出期望。',
      '',
      '- 让提议对准你找到的企业利益、个人利益和客户期望。',
      '- 要具体：做什么、什么时候、客户如何得到你的消息。',
      '- **说“不”也是一种提议**：尽早、友善地说，并说明理由，让客户有时间另找帮助。永远不要让客户等来一个“不”。',
    ].join('\n'),
  ),
  action: loc(
    [
      '**Action** — do what you offered, on time.',
      '',
      '- "If you promise to call back this afternoon, call back this afternoon, not tomorrow."',
      '- Every commitment needs a *when* (`due 2026-11-25`) and, in a team, a *who* (`@paul`).',
      '- Trust is built by delivering what you promised, the first time and every time.',
    ].join('\n'),
    [
      '**行动** —— 按时兑现你的提议。',
      '',
      '- “如果答应今天下午回电话，就今天下午回，而不是明天。”',
      '- 每项承诺都要有*时间*（`截止 2026-11-25`），在团队中还要有*负责人*（`@paul`）。',
      '- 信任来自兑现承诺——第一次如此，每一次都如此。',
    ].join('\n'),
  ),
  confirm: loc(
    [
      '**Confirm** — ask whether you met or exceeded the expectation, so a miss can still be repaired. Skipping Confirm is the most common failure in the course\'s cases.',
      '',
      '- "Did we provide the service you needed?"',
      '- "Did we make progress in our discussion? Is it the progress you hoped for?"',
      '- "Have we solved the problem? How are you now?"',
      '- And leave room for more: "I can\'t think of anything else — can you?"',
    ].join('\n'),
    [
      '**确认** —— 询问是否达到或超出了客户的期望，这样即使有差距也还来得及弥补。跳过确认是课程案例中最常见的失误。',
      '',
      '- “我们提供的服务是您需要的吗？”',
      '- “我们的讨论有进展吗？是您希望的进展吗？”',
      '- “问题解决了吗？您现在感觉怎么样？”',
      '- 最后留个口子：“我想不出别的办法了，你呢？”',
    ].join('\n'),
  ),
};

/** Business and personal wins: definition and course-style examples. */
export const WIN_COACHING: Record<'business' | 'personal', Localized> = {
  business: loc(
    [
      '**Business win** — what the customer\'s *organisation* gains from working with you.',
      '',
      'Examples from the course (an IS vice-president): better communication between sites and departments; better customer service; higher efficiency; shorter cycle times of key processes; lower operating cost; staff building skills through a learning centre.',
    ].join('\n'),
    [
      '**企业利益** —— 客户的*组织*因与你合作而得到的好处。',
      '',
      '课程中的例子（一位信息系统副总裁）：各地分部和部门之间沟通更顺畅；客户服务更好；组织效率更高；关键流程周期更短；运营成本更低；员工通过学习中心提升技能。',
    ].join('\n'),
  ),
  personal: loc(
    [
      '**Personal win** — what your contact gains *for themselves*.',
      '',
      'Examples from the course: trust and credibility with the executive committee; better relations with key people; expert knowledge and advice they lack; relief from time pressure; higher standing after a success; a sense of personal achievement.',
    ].join('\n'),
    [
      '**个人利益** —— 对方*个人*得到的好处。',
      '',
      '课程中的例子：在执行委员会面前的信任和信誉；与关键人物的关系更好；获得自己缺少的专业知识和建议；缓解时间压力；成功之后地位提升；个人成就感。',
    ].join('\n'),
  ),
};

/** Customer expectations: what they are, and each kind. */
export const EXPECTATION_COACHING: Record<ExpectationKind | 'any', Localized> = {
  any: loc(
    '**Customer expectation** — the conditions of satisfaction: what the customer wants to get out of the request. Name its kind: explicit, implicit (latent), or not yet existing.',
    '**客户期望** —— 满意的条件：客户希望从这个要求中得到什么。请注明类型：明显的期望、潜在的期望，或尚不存在的期望。',
  ),
  explicit: loc(
    '**Explicit expectation** — stated and obvious: the customer said it. Meet it; it is the least you owe.',
    '**明显的期望** —— 客户已经说出来、显而易见的满意条件。满足它是最基本的要求。',
  ),
  implicit: loc(
    '**Implicit (latent) expectation** — unstated; found by asking *why* the request was made. Uncovering it is how you exceed expectations.',
    '**潜在的期望** —— 客户没有说出来，要通过询问“为什么提出这个要求”才能发现。发掘它，才能超出期望。',
  ),
  none: loc(
    '**Not yet an expectation** — a need the customer has not formed yet. Your expertise can turn it into an expectation, and into value.',
    '**没有期望（尚不存在的期望）** —— 客户还没有形成的需求。你的专业知识可以把它变成期望，从而创造价值。',
  ),
};
