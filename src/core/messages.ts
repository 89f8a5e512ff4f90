/**
 * Every message the loader gives a user — why a file cannot be read, why a row was rejected, what
 * a data-quality note says — by code, in Chinese and English. Code and SQL produce `{code,
 * params}`; the text is made here, in the reader's language. Technical detail (an engine's own
 * words) is kept apart, in `detail`, and never put into a message.
 */
export type Lang = 'zh' | 'en';
export type Params = Record<string, string | number | null | undefined>;

type Template = string | ((p: Params) => string);
interface Entry {
  zh: Template;
  en: Template;
}

/** How the formats this tool reads are named, for a message that lists them. */
const FORMATS = {
  zh: 'Excel 工作簿（.xlsx、.xls）、CSV/TXT 文本（UTF-8、GBK、UTF-16）、JSON、任免审批表（.lrmx）、Parquet、Arrow',
  en: 'Excel workbooks (.xlsx, .xls), CSV/TXT text (UTF-8, GBK, UTF-16), JSON, LRMX forms (.lrmx), Parquet, Arrow',
};

/** What a file that is not a roster turned out to be. */
const KINDS: Record<string, { zh: string; en: string }> = {
  pdf: { zh: 'PDF 文件', en: 'a PDF file' },
  docx: { zh: 'Word 文档（.docx）', en: 'a Word document (.docx)' },
  doc: { zh: 'Word 文档（.doc）', en: 'a Word document (.doc)' },
  pptx: { zh: 'PowerPoint 演示文稿', en: 'a PowerPoint presentation' },
  ole: { zh: 'Office 文件，但不是 Excel 工作簿', en: 'an Office file, but not an Excel workbook' },
  zip: { zh: '压缩包（.zip），不是 Excel 工作簿', en: 'a zip archive, not an Excel workbook' },
  image: { zh: '图片', en: 'an image' },
  binary: {
    zh: '二进制文件，不是文本（可能是其他格式的文件改了扩展名）',
    en: 'a binary file, not text (perhaps another kind of file renamed)',
  },
};

const v = (p: Params, k: string) => String(p[k] ?? '');
/** How a person whose 身份证号 lost digits is told apart (id_digits_lost, both of its forms). */
const DIGITS_LOST_ZH =
  '此人按姓名和出生年月区分；其他月份有完整身份证号、且前几位、姓名和出生年月都相同的，视为同一人';
const DIGITS_LOST_EN =
  'This person is told apart by name and birth month, and is the same person as one of another month whose full number starts with the same digits and who has the same name and birth month';
/**
 * The other rows of an id_shared note: `rows`, those of its file (3,5), and `elsewhere`, how many
 * in other files (numbers only, so that masking a file's name cannot merge them).
 */
const otherRows = (p: Params, lang: Lang) => {
  const here = v(p, 'rows')
    .split(',')
    .filter((x) => x);
  const more = Number(p.elsewhere ?? 0);
  if (lang === 'zh')
    return [
      here.length ? `第 ${here.join('、')} 行` : '',
      more ? `${here.length ? '及' : ''}其他文件中 ${more} 行` : '',
    ].join('');
  return [
    here.length ? `row${here.length > 1 ? 's' : ''} ${here.join(', ')}` : '',
    more ? `${here.length ? ' and ' : ''}${more} row${more > 1 ? 's' : ''} of other files` : '',
  ].join('');
};
/**
 * What a person id is called: 身份证号 when it is one (18 or 15 characters, masked or not: a
 * roster without 人员编号), else 人员编号.
 */
export const personIdLabel = (id: string, lang: Lang) =>
  /^\d{6}[\d*]{8}([\d*]{3}[\dXx*])?$/.test(id)
    ? lang === 'zh'
      ? '身份证号'
      : 'ID number'
    : lang === 'zh'
      ? '人员编号'
      : 'person id';

export const MESSAGES = {
  // A file that cannot be read at all (LoadError).
  file_missing: { zh: '文件不存在', en: 'the file does not exist' },
  file_empty: { zh: '文件为空', en: 'the file is empty' },
  folder_without_rosters: {
    zh: '文件夹中没有名册文件（Parquet、LRMX、Excel、CSV、JSON 或 Arrow）',
    en: 'the folder holds no roster file (Parquet, LRMX, Excel, CSV, JSON or Arrow)',
  },
  load_report_unreadable: {
    zh: '规范化快照旁的载入报告无法读取或不完整：请重新运行 npm run normalise',
    en: 'the load report beside this normalised snapshot cannot be read or is incomplete: run npm run normalise again',
  },
  not_normalised: {
    zh: '不是本工具规范化的快照，或与其旁边的载入报告不符：请重新运行 npm run normalise',
    en: 'this is not a snapshot normalised by this tool, or it does not match the load report beside it: run npm run normalise again',
  },
  file_too_large: {
    zh: '文件过大（{size}），浏览器中最多可读取 {limit} 的{format}文件。请按月份或单位拆分后分别打开，或另存为 Parquet 格式（体积约为 CSV 的十分之一）',
    en: 'the file is too large ({size}); the browser reads {format} files of up to {limit}. Split it by month or unit and open the parts, or save it as Parquet (about a tenth of the size of CSV)',
  },
  too_many_rows: {
    zh: '文件有 {rows} 行，浏览器中最多可载入 {limit} 行（统计时每百万行约需 2.2 GB 内存，浏览器中的数据库最多可用约 3 GB，超过则会因内存不足而中断）。请按月份、县市区或单位拆分后分别打开；全省多月数据请用报表命令行的原生引擎（npm run report -- --engine native）',
    en: 'the file has {rows} rows; the browser loads up to {limit} (counting takes about 2.2 GB of memory per million rows, and the database in the browser has about 3 GB; beyond that it would run out of memory). Split it by month, county or unit and open the parts; for a province over many months use the report CLI’s native engine (npm run report -- --engine native)',
  },
  not_roster_format: {
    zh: (p) =>
      `这是${KINDS[v(p, 'kind')]?.zh ?? v(p, 'kind')}，不是名册文件。可以打开的格式：${FORMATS.zh}`,
    en: (p) =>
      `this is ${KINDS[v(p, 'kind')]?.en ?? v(p, 'kind')}, not a roster. Rosters can be: ${FORMATS.en}`,
  },
  xls_unreadable: {
    zh: '旧版 Excel 工作簿（.xls）无法读取，可能已损坏：请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后再打开',
    en: 'the old Excel workbook (.xls) cannot be read and may be damaged: open it in Excel or WPS, “Save As” an Excel Workbook (*.xlsx) and open that',
  },
  xlsx_encrypted: {
    zh: '工作簿设有打开密码（已加密），无法读取：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再打开',
    en: 'the workbook is password-protected (encrypted): remove the password in Excel (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and open it again',
  },
  xlsx_too_large: {
    zh: '工作簿没有损坏，但解压后过大（{part}约 {size}，浏览器中最多可读取 {limit}）：请按单位或月份拆分成几个工作簿，或另存为 CSV 后再打开',
    en: 'the workbook is not damaged but unpacks to too much ({part}: about {size}; the browser reads up to {limit}): split it by unit or month into several workbooks, or save it as CSV',
  },
  xlsx_corrupt: {
    zh: 'Excel 文件已损坏或不完整，无法读取：请在 Excel 中打开并重新保存，或重新导出',
    en: 'the Excel file is damaged or incomplete: open it in Excel and save it again, or export it again',
  },
  xlsx_no_roster_sheet: {
    zh: '没有找到含“出生年月”等列标题的工作表，不像是干部名册',
    en: 'no sheet has headers such as 出生年月 (birth date): this does not look like a roster',
  },
  xlsx_sheet_missing: {
    zh: '工作簿中没有名为“{sheet}”的工作表',
    en: 'the workbook has no sheet named “{sheet}”',
  },
  xlsx_sheet_empty: { zh: '工作表“{sheet}”是空的', en: 'the sheet “{sheet}” is empty' },
  json_invalid: {
    zh: '不是有效的 JSON 文件：请确认文件完整，内容为记录数组',
    en: 'not a valid JSON file: check that it is complete and holds an array of records',
  },
  json_no_records: {
    zh: 'JSON 文件中没有记录数组（应为 [{"姓名": …, "出生年月": …}, …]）',
    en: 'the JSON file holds no array of records (expected [{"姓名": …, "出生年月": …}, …])',
  },
  json_no_fields: {
    zh: 'JSON 文件中的记录没有字段',
    en: 'the records of the JSON file have no fields',
  },
  json_too_deep: {
    zh: 'JSON 文件嵌套层次过深，不像是名册：名册应为一层记录数组，如 [{"姓名": …, "出生年月": …}, …]',
    en: 'the JSON file is nested too deeply to be a roster: a roster is a flat array of records, e.g. [{"姓名": …, "出生年月": …}, …]',
  },
  parquet_unreadable: {
    zh: 'Parquet 文件已损坏或不完整，无法读取：请重新导出',
    en: 'the Parquet file is damaged or incomplete: export it again',
  },
  arrow_unreadable: {
    zh: 'Arrow 文件已损坏或不完整，无法读取：请重新导出',
    en: 'the Arrow file is damaged or incomplete: export it again',
  },
  csv_unreadable: {
    zh: '无法按表格读取这个文本文件：请确认它是逗号或制表符分隔的名册（如 Excel“另存为”的 CSV 或“Unicode 文本”）',
    en: 'this text file cannot be read as a table: check that it is a comma- or tab-separated roster (such as Excel’s “Save As” CSV or “Unicode Text”)',
  },
  line_too_long: {
    zh: '第 {row} 行长达 {size}，不像是名册（名册每行一人）：请确认文件是逗号或制表符分隔的表格',
    en: 'line {row} is {size} long, which no roster line is (one person per line): check that the file is a comma- or tab-separated table',
  },
  out_of_memory: {
    zh: '浏览器内存不足，无法读取这么大的文件：请按月份或单位拆分后分别打开，或另存为 Parquet 格式',
    en: 'the browser ran out of memory reading a file this large: split it by month or unit and open the parts, or save it as Parquet',
  },
  unreadable: {
    zh: '无法按{format}格式读取：文件可能已损坏，或不是{format}文件',
    en: 'it cannot be read as {format}: the file may be damaged, or not a {format} file',
  },
  birth_column_missing: {
    zh: '找不到出生年月列（出生年月 / 出生日期 / birth_date），请指定哪一列是出生年月',
    en: 'no birth-date column (出生年月 / 出生日期 / birth_date): choose which column holds the birth date',
  },
  column_missing: { zh: '文件中没有“{column}”列', en: 'the file has no column “{column}”' },
  mapping_failed: {
    zh: '无法按所选的列对应关系读取：请检查每一列对应的字段',
    en: 'the rows cannot be read with the chosen mapping: check the field each column maps to',
  },
  read_failed: {
    zh: '读取文件时出错，数据未改变：请重新打开文件；若仍出错，请在原程序中另存一份后再打开',
    en: 'reading the file failed and nothing was changed: open it again, or save a new copy from the program that made it and open that',
  },
  load_failed: {
    zh: '写入数据时出错，当前数据未改变：请重试；若仍出错，请拆分文件后分别打开',
    en: 'writing the rows failed and the data on screen is unchanged: try again, or split the file and open the parts',
  },
  remote_unsupported: {
    zh: '此处不支持从网址读取',
    en: 'reading from an address is not supported here',
  },
  xlsx_unsupported: { zh: '此处不支持 Excel 文件', en: 'Excel files are not supported here' },
  remote_unreadable: {
    zh: '无法从网址读取 Parquet 文件：请确认网址正确、服务器可以访问，且文件是 Parquet 格式',
    en: 'the Parquet file cannot be read from this address: check the address, that the server can be reached, and that the file is Parquet',
  },
  url_invalid: { zh: '网址无效：{url}', en: 'not a valid address: {url}' },
  url_not_allowed: {
    zh: '不能从“{origin}”读取：本页面只能打开以下地址上的文件：{allowed}。如需使用其他文件服务器，请由部署人员将其加入 deploy.config.json',
    en: 'cannot read from “{origin}”: this page opens files only from {allowed}. To use another file server, ask whoever deployed the page to add it to deploy.config.json',
  },
  canonical_unreadable: {
    zh: '不是本工具导出的名册，或已损坏',
    en: 'not a roster saved by this tool, or damaged',
  },
  db_unavailable: {
    zh: '本地数据库未能启动：请刷新页面重试',
    en: 'the local database did not start: reload the page and try again',
  },
  demo_unavailable: {
    zh: '示例数据无法载入（{status}）：请刷新页面重试',
    en: 'the demo data could not be loaded ({status}): reload the page and try again',
  },
  no_rows: {
    zh: '文件中只有列标题，没有数据行；当前数据未改变',
    en: 'the file has headers but no rows; the data on screen is unchanged',
  },
  nothing_loaded: {
    zh: '没有载入任何行：读取的 {read} 行全部被拒收（原因见拒收行清单），当前数据未改变',
    en: 'nothing was loaded: all {read} rows read were rejected (see the rejected rows for why); the data on screen is unchanged',
  },
  duplicates_many: {
    zh: '“{source}”中有 {count} 行（共 {read} 行）将因与同一统计时点的其他行是同一人员编号而被拒收，这通常说明所选的人员编号列不能区分人员（如按单位重新编号的序号）。请修改对应关系，或确认后仍然导入',
    en: '{count} of the {read} rows of “{source}” would be rejected as repeating another row’s person id in the same snapshot, which usually means the column chosen as person id does not tell people apart (such as a 序号 numbered afresh in each unit). Change the mapping, or import anyway',
  },
  duplicates_same_date: {
    zh: '“{source}”中有 {count} 行（共 {read} 行）与已载入的统计时点 {date} 的名册是同一人员，将被拒收：可能两个文件的统计时点相同（取自文件名、标题或统计时点列）。请核对该文件的统计时点，或确认后仍然导入',
    en: '{count} of the {read} rows of “{source}” repeat people already loaded for the reference date {date} and would be rejected: two files may have the same reference date (from their names, titles or a reference-date column). Check this file’s reference date, or import anyway',
  },
  cancelled: { zh: '已取消导入，数据未改变', en: 'Import cancelled; nothing was changed' },

  // What a skipped row is (load.ts SkippedRow): no person, so neither loaded nor rejected.
  skipped_totals: { zh: '合计行', en: 'totals line' },
  skipped_footer: {
    zh: '表尾（填表人、审核人、说明等）',
    en: 'footer (filled in by, checked by, notes …)',
  },
  skipped_heading: {
    zh: '分组标题（如“一、市直单位”）',
    en: 'section heading (such as 一、市直单位)',
  },
  skipped_header: { zh: '重复的表头', en: 'the header again' },
  skipped_page: { zh: '页码', en: 'page mark' },
  skipped_numbered: { zh: '只有序号、没有内容的行', en: 'a row with its number and nothing else' },
  skipped_columns: {
    zh: '栏次行（甲、乙、1、2…）',
    en: 'a row of column numbers (甲, 乙, 1, 2 …)',
  },

  // Why a row was rejected.
  birth_missing: { zh: '缺少出生年月', en: 'no birth date' },
  birth_unparsed: { zh: '出生年月无法识别：{value}', en: 'birth date not recognised: {value}' },
  birth_formula_error: {
    zh: '出生年月是 Excel 公式错误 {value}：请在 Excel 中修正公式或填入出生年月',
    en: 'birth date is the Excel formula error {value}: fix the formula or type the date in Excel',
  },
  birth_year_only: {
    zh: '出生年月只有年份：{value}（年龄按月计算，需要年和月，如 1985.03）',
    en: 'birth date has only a year: {value} (ages count months: give the year and month, e.g. 1985.03)',
  },
  snapshot_missing: {
    zh: '缺少统计时点（文件无统计时点列，文件名中也没有日期）',
    en: 'no reference date (no reference-date column, and no date in the file name)',
  },
  snapshot_unreadable: {
    zh: '统计时点无法识别：{value}',
    en: 'reference date not recognised: {value}',
  },
  snapshot_blank: { zh: '统计时点为空', en: 'reference date blank' },
  birth_future: {
    zh: '出生年月晚于统计时点：{value}',
    en: 'birth date after the reference date: {value}',
  },
  birth_implausible: { zh: '出生年月不合理：{value}', en: 'implausible birth date: {value}' },
  // person_id: a 身份证号 when the roster has no 人员编号 (masked: its area code and stars).
  // first_file: the first copy is in another file of the same source (an LRMX form, whose row
  // is always 1, or another sheet); its row is named when it is a sheet's or a file's row.
  duplicate: {
    zh: (p) =>
      `同一统计时点重复出现的人员（${personIdLabel(v(p, 'person_id'), 'zh')} ${v(p, 'person_id')}${
        p.first_file
          ? `，与“${v(p, 'first_file')}”${Number(p.first_row) > 1 ? `第 ${v(p, 'first_row')} 行` : ''}相同`
          : p.first_row
            ? `，与第 ${v(p, 'first_row')} 行相同`
            : ''
      }）`,
    en: (p) =>
      `the same person twice in one snapshot (${personIdLabel(v(p, 'person_id'), 'en')} ${v(p, 'person_id')}${
        p.first_file
          ? `, as in ${v(p, 'first_file')}${Number(p.first_row) > 1 ? ` row ${v(p, 'first_row')}` : ''}`
          : p.first_row
            ? `, as on row ${v(p, 'first_row')}`
            : ''
      })`,
  },
  lrmx_not_form: {
    zh: '不是任免审批表（LRMX）文件',
    en: 'not an LRMX form (任免审批表)',
  },
  lrmx_bad_xml: {
    zh: '任免审批表已损坏（不是有效的 XML）：请在干部管理系统中重新导出',
    en: 'the LRMX form is damaged (not valid XML): export it again from the cadre system',
  },

  // Appointment events (任免记录, src/core/flows.ts): the file, then its rows.
  events_not_events: {
    zh: '不是任免记录：需要人员编号（或姓名）、任免时间和新职务层次列（如 人员编号、姓名、任免时间、批次、原职务层次、新职务层次、是否提拔）',
    en: 'not appointment events: needs person id (or name), date and new level columns (e.g. 人员编号, 姓名, 任免时间, 批次, 原职务层次, 新职务层次, 是否提拔)',
  },
  events_write_failed: {
    zh: '任免记录无法写入',
    en: 'the appointment events could not be stored',
  },
  event_person_missing: { zh: '缺少人员编号和姓名', en: 'no person id and no name' },
  event_date_missing: { zh: '缺少任免时间', en: 'no appointment date' },
  event_date_unparsed: {
    zh: '任免时间无法识别：{value}',
    en: 'appointment date not recognised: {value}',
  },
  event_level_unknown: {
    zh: '新职务层次无法识别：{value}',
    en: 'new level not recognised: {value}',
  },

  // Data-quality notes on loaded rows.
  id_malformed: {
    zh: '身份证号 {id} 不是有效的 18 位号码（现为 {n} 位；须为 17 位数字加一位数字或 X），请核对（出生年月仍按名册所填）',
    en: 'ID card number {id} is not a valid 18-character number ({n} characters now; it must be 17 digits and a digit or X): please check it (the birth date is taken from the roster as it is)',
  },

  id_checksum: { zh: '身份证号校验位错误：{id}', en: 'ID card number fails its check digit: {id}' },
  // kept: how many digits a number whose lost ones are starred kept (4.31102198001011E+17 in a
  // CSV, or a masked export: 431102198001011***).
  id_digits_lost: {
    zh: (p) =>
      p.kept != null
        ? `身份证号只有前 ${v(p, 'kept')} 位：${v(p, 'id')}（其余位数已丢失：号码被存成数字时——在 Excel 中或由导出程序——只保留 15 位，导出时也可能被隐去）；请用完整号码重新导出（该列设为文本）。${DIGITS_LOST_ZH}`
        : `身份证号末几位已丢失（号码被存成了数字——在 Excel 中或由导出程序——只保留 15 位）：${v(p, 'id')}；请把该列设为文本后重新导出。${DIGITS_LOST_ZH}`,
    en: (p) =>
      p.kept != null
        ? `ID card number has only its first ${v(p, 'kept')} digits: ${v(p, 'id')} (the rest were lost: stored as a number — in Excel or by the exporting program — it keeps 15 digits, and an export may hide some); export it again in full (the column set to text). ${DIGITS_LOST_EN}`
        : `ID card number lost its last digits (stored as a number — in Excel or by the exporting program — it kept 15 digits): ${v(p, 'id')}; set the column to text and export again. ${DIGITS_LOST_EN}`,
  },
  id_birth_day_invalid: {
    zh: '身份证号中的出生日期（{day}）不存在，请核对身份证号',
    en: 'the birth date in the ID card number ({day}) does not exist: check the number',
  },
  id_birth_mismatch: {
    zh: '身份证号中的出生年月（{id_birth}）与出生年月（{birth}）不一致，以出生年月为准',
    en: 'the birth month in the ID card number ({id_birth}) differs from the birth date ({birth}); the birth date is used',
  },
  level_unknown: { zh: '职务层次无法识别：{value}', en: 'level not recognised: {value}' },
  work_before_16: { zh: '参加工作时间早于16周岁', en: 'started work before the age of 16' },
  party_before_18: { zh: '入党时间早于18周岁', en: 'joined the party before the age of 18' },
  birth_month_ambiguous: {
    zh: '出生年月“{value}”可能是 {year}年{other}月（Excel 数字单元格会去掉末尾的 0），已按 {year}年{month}月读取，请核对',
    en: 'birth date “{value}” may be {year}-{other} (an Excel number cell drops the trailing 0); it was read as {year}-{month}: please check',
  },
  birth_month_october: {
    zh: '出生年月“{value}”已按 {year}年{month}月读取（本列其他出生年月的月份都写两位数，Excel 数字单元格会去掉月份末尾的 0），请核对',
    en: 'birth date “{value}” was read as {year}-{month}: the column writes its other months in two digits, and an Excel number cell drops a month’s trailing 0; please check',
  },
  birth_read_as_month: {
    zh: '出生年月“{value}”已按 {year}年{month}月读取；若它是 Excel 日期序号，则为 {serial}，请核对',
    en: 'birth date “{value}” was read as {year}-0{month} (year and month); as an Excel date number it would be {serial}: please check',
  },
  birth_read_as_serial: {
    zh: '出生年月“{value}”已按 Excel 日期序号读作 {serial}（同列还有其他日期序号）；若它是 {year}年{month}月，请改写为 {year}.{month}，请核对',
    en: 'birth date “{value}” was read as the Excel date number of {serial} (the column holds other date numbers); if it means {year}-0{month}, write it as {year}.{month}: please check',
  },
  grassroots_unreadable: {
    zh: '基层工作经历“{value}”无法识别为年数，按未知处理（可写 3、3年、2年11个月、无）',
    en: 'grassroots experience “{value}” is not a number of years; taken as unknown (write 3, 3年, 2年11个月 or 无)',
  },
  secretary_years_unreadable: {
    zh: '任乡镇党委书记累计年限“{value}”无法识别为年数，按未知处理（可写 3、3年、2年11个月）',
    en: 'years as township secretary “{value}” is not a number of years; taken as unknown (write 3, 3年 or 2年11个月)',
  },
  level_non_leading: {
    zh: '“{value}”是非领导职务或待遇，不计入领导职务层次（未定级）',
    en: '“{value}” is a non-leading post or a treatment grade, so it has no leadership level (unlevelled)',
  },
  unit_type_unknown: {
    zh: '单位类型“{value}”无法识别（应为市直、县市区或乡镇街道），已按单位名称和县市区推断为：{type}',
    en: 'unit type “{value}” not recognised (市直, 县市区 or 乡镇街道 expected); inferred from the unit’s name and 县市区 as: {type}',
  },
  unit_type_missing: {
    zh: '无法判断单位“{value}”的单位类型（市直、县市区或乡镇街道），此人未计入按单位类型划分的比例和人选（如 Y4、Y6）；请增加“单位类型”或“县市区”列',
    en: 'the unit type of “{value}” (市直, 县市区 or 乡镇街道) cannot be told, so this person is in no ratio or list that goes by unit type (such as Y4, Y6): add a unit type (单位类型) or county (县市区) column',
  },
  name_missing: {
    zh: '姓名为空：已载入，人员名单中无姓名',
    en: 'name blank: loaded, with no name in the lists of people',
  },
  team_member_unreadable: {
    zh: '是否班子成员“{value}”无法识别，按非班子成员处理（可写 是、否）',
    en: 'team member “{value}” not recognised; taken as not a team member (write 是 or 否)',
  },
  same_person_with_id: {
    zh: '没有身份证号，而“{other_file}”第 {other_row} 行同名、同出生年月的人员有身份证号 {id}：可能是同一人计入两次，如是请删去一行',
    en: 'no ID number, while a person of the same name and birth month in “{other_file}” row {other_row} has ID number {id}: probably the same person counted twice; if so, remove one of the rows',
  },
  snapshot_stray: {
    zh: '统计时点为 {date}，而本文件多数行（{n} 行）是 {main}：可能录错，请核对（本行仍按 {date} 计入）',
    en: 'reference date {date}, while most rows of this file ({n}) are of {main}: probably a typing error, please check (the row is still counted at {date})',
  },
  row_hidden: {
    zh: '此行在 Excel 中是隐藏行（多为筛选掉的行），仍已计入；如不应计入，请在原表中删除该行后重新载入',
    en: 'this row is hidden in Excel (filtered out, most often) and is still counted: if it should not be, delete it from the workbook and load it again',
  },
  text_replaced: {
    zh: '“{value}”中有无法识别的字符（�）：文件在此处的字节不是有效的 UTF-8 编码，多为导出时字符被截断，请核对原表',
    en: '“{value}” has a character that could not be read (�): the file’s bytes there are not valid UTF-8, usually a character cut off by the export; please check the original',
  },
  same_row_twice: {
    zh: '姓名、出生年月、单位和职务与“{other_file}”第 {other_row} 行都相同，又都没有身份证号：可能重复录入，按两人计入；如是同一人请删去一行',
    en: 'same name, birth month, unit and post as “{other_file}” row {other_row}, and neither has an ID number: probably entered twice, counted as two people; if it is one person, remove one of the rows',
  },
  gender_from_id: {
    zh: (p) =>
      p.value
        ? `性别“${v(p, 'value')}”无法识别，已按身份证号第17位取为${v(p, 'gender')}`
        : `性别为空，已按身份证号第17位取为${v(p, 'gender')}`,
    en: (p) =>
      p.value
        ? `gender “${v(p, 'value')}” not recognised: taken from the ID card number (17th digit) as ${v(p, 'gender')}`
        : `gender blank: taken from the ID card number (17th digit) as ${v(p, 'gender')}`,
  },
  // rows: the other rows of its file that carry the number; elsewhere: those in other files.
  id_shared: {
    zh: (p) =>
      `身份证号 ${v(p, 'id')} 在同一统计时点也是${otherRows(p, 'zh')}另一人员的号码，请核对`,
    en: (p) =>
      `ID card number ${v(p, 'id')} is also on ${otherRows(p, 'en')} at the same date, for another person: please check`,
  },
  id_gender_mismatch: {
    zh: '身份证号第17位表示{id_gender}，与性别（{gender}）不一致，以性别为准',
    en: 'the ID card number’s 17th digit says {id_gender}, the gender column {gender}; the gender column is used',
  },
  post_unclassified: {
    zh: '职务“{value}”像是乡镇(街道)党委书记或乡镇长，但未能识别，未计入乡镇党政正职的统计和人选；请核对职务名称，或对应“职务类别”列',
    en: 'the post “{value}” looks like a township party secretary or head but was not recognised, so it is left out of the township principals’ figures and lists: check the title, or map a post category (职务类别) column',
  },
  unit_unread: {
    zh: '未能从“{value}”读出所在单位：已载入，但不计入任何班子和按单位的统计；请增加“单位名称”列，或把职务写成“单位+职务”',
    en: 'no unit could be read from “{value}”: loaded, but in no team and no per-unit figure; add a unit (单位名称) column, or write the post as unit + post',
  },
  secondment_no_term: {
    zh: '挂职“{value}”没有挂职起止时间和批次：已计入正在挂职，但不计入任何挂职批次；请填写挂职起止时间',
    en: 'secondment “{value}” has no term and no batch: counted as seconded now, but in no secondment cohort; fill in the term (挂职起止时间)',
  },
  secondment_term_unread: {
    zh: '挂职起止时间“{value}”无法完整识别（缺开始或结束年月、年月无效，或结束早于开始），挂职批次和到期统计可能不准；请核对，按“2023.03-2025.03”填写',
    en: 'the secondment term “{value}” cannot be read whole (a start or end month missing or not valid, or an end before the start), so the cohorts and the terms ending soon may be wrong: check it and write it as 2023.03-2025.03',
  },
  extra_fields: {
    zh: '本行比表头多出字段（{value}），这些值没有读入；若某个单元格含有未加引号的逗号，本行其后各列的值已错位，请核对原文件',
    en: 'this row has more fields than the header ({value}), and they were not read; if a cell holds a comma without quotes, the values after it have shifted: check the file',
  },
  gender_blank: {
    zh: '性别为空，按未知处理，不计入按性别的统计，到龄退休等统计可能不计入此人（可填 男、女）',
    en: 'gender blank; taken as unknown, so the figures by gender and the retirement figures may leave this person out (fill in 男 or 女)',
  },
  ethnicity_unreadable: {
    zh: '民族“{value}”不是 56 个民族之一，按未知处理，不计入汉族或少数民族（可写 汉族、瑶族 等）',
    en: 'ethnicity “{value}” is none of the 56 recognised groups; taken as unknown, in neither the Han nor the minority count (write 汉族, 瑶族 …)',
  },
  party_unreadable: {
    zh: '政治面貌“{value}”无法识别，按未知处理，不计入中共党员或非中共党员（可写 中共党员、中共预备党员、群众、民盟盟员 等）',
    en: 'political status “{value}” not recognised; taken as unknown, in neither the CPC nor the non-CPC count (write 中共党员, 中共预备党员, 群众, 民盟盟员 …)',
  },
  gender_unreadable: {
    zh: '性别“{value}”无法识别，按未知处理，到龄退休等统计可能不计入此人（可写 男、女）',
    en: 'gender “{value}” not recognised; taken as unknown, so the retirement figures may leave this person out (write 男 or 女)',
  },
  retirement_date_unreadable: {
    zh: '到龄年月“{value}”无法识别，按法定退休年龄推算（可写 2027.03）',
    en: 'retirement month “{value}” not recognised; the statutory retirement month is used (write 2027.03)',
  },
  retirement_date_odd: {
    zh: '到龄年月 {value} 时为 {age} 岁，不像退休年龄，请核对（仍按名册所填计算）',
    en: 'retirement month {value} comes at the age of {age}, which is no retirement age: please check (the roster’s month is used as it is)',
  },
  post_since_after_snapshot: {
    zh: '任现职时间 {value} 晚于统计时点 {date}，请核对',
    en: 'in post since {value}, after the reference date {date}: please check',
  },
  work_start_after_snapshot: {
    zh: '参加工作时间 {value} 晚于统计时点 {date}，请核对',
    en: 'started work in {value}, after the reference date {date}: please check',
  },
  level_since_after_snapshot: {
    zh: '任现职务层次时间 {value} 晚于统计时点 {date}，请核对',
    en: 'at the level since {value}, after the reference date {date}: please check',
  },
  work_start_date_unreadable: {
    zh: '参加工作时间“{value}”无法识别，按未填写处理（可写 2005.07）',
    en: 'work start “{value}” not recognised; taken as blank (write 2005.07)',
  },
  party_join_date_unreadable: {
    zh: '入党时间“{value}”无法识别，按未填写处理（可写 2005.07）',
    en: 'party join date “{value}” not recognised; taken as blank (write 2005.07)',
  },
  post_since_unreadable: {
    zh: '任现职时间“{value}”无法识别，任现职年限按未知处理（可写 2020.03）',
    en: 'in post since “{value}” not recognised; years in post taken as unknown (write 2020.03)',
  },
  level_since_unreadable: {
    zh: '任现职务层次时间“{value}”无法识别，任职级年限按未知处理（可写 2020.03）',
    en: 'at level since “{value}” not recognised; years at the level taken as unknown (write 2020.03)',
  },
  secondment_in_title: {
    zh: '职务“{value}”写有挂职，但没有挂职类型、挂职单位或挂职起止时间：未计入挂职统计；请填写这些列',
    en: 'the post “{value}” says 挂职 (secondment), but the row has no secondment kind, unit or term: left out of the secondment figures; fill in those columns',
  },
} satisfies Record<string, Entry>;

export type MessageCode = keyof typeof MESSAGES;

/** The field each data-quality note is about, as the report names it. */
const WARNING_FIELDS: Record<string, { zh: string; en: string }> = {
  id_checksum: { zh: '身份证号', en: 'ID card number' },
  id_malformed: { zh: '身份证号', en: 'ID card number' },
  id_digits_lost: { zh: '身份证号', en: 'ID card number' },
  id_birth_mismatch: { zh: '身份证号', en: 'ID card number' },
  id_birth_day_invalid: { zh: '身份证号', en: 'ID card number' },
  id_gender_mismatch: { zh: '身份证号', en: 'ID card number' },
  id_shared: { zh: '身份证号', en: 'ID card number' },
  level_unknown: { zh: '职务层次', en: 'Level' },
  work_before_16: { zh: '参加工作时间', en: 'Work start' },
  party_before_18: { zh: '入党时间', en: 'Party join date' },
  birth_month_ambiguous: { zh: '出生年月', en: 'Birth date' },
  birth_month_october: { zh: '出生年月', en: 'Birth date' },
  birth_read_as_month: { zh: '出生年月', en: 'Birth date' },
  birth_read_as_serial: { zh: '出生年月', en: 'Birth date' },
  grassroots_unreadable: { zh: '基层工作经历', en: 'Grassroots experience' },
  secretary_years_unreadable: { zh: '任乡镇党委书记累计年限', en: 'Years as township secretary' },
  post_unclassified: { zh: '现任职务', en: 'Post' },
  unit_unread: { zh: '单位', en: 'Unit' },
  level_non_leading: { zh: '职务层次', en: 'Level' },
  unit_type_unknown: { zh: '单位类型', en: 'Unit type' },
  unit_type_missing: { zh: '单位类型', en: 'Unit type' },
  gender_from_id: { zh: '性别', en: 'Gender' },
  same_person_with_id: { zh: '身份证号', en: 'ID card number' },
  same_row_twice: { zh: '整行', en: 'Row' },
  text_replaced: { zh: '整行', en: 'Row' },
  row_hidden: { zh: '整行', en: 'Row' },
  snapshot_stray: { zh: '统计时点', en: 'Reference date' },
  team_member_unreadable: { zh: '是否班子成员', en: 'Team member' },
  name_missing: { zh: '姓名', en: 'Name' },
  secondment_term_unread: { zh: '挂职起止时间', en: 'Secondment term' },
  extra_fields: { zh: '整行', en: 'Row' },
  gender_unreadable: { zh: '性别', en: 'Gender' },
  ethnicity_unreadable: { zh: '民族', en: 'Ethnicity' },
  party_unreadable: { zh: '政治面貌', en: 'Political status' },
  gender_blank: { zh: '性别', en: 'Gender' },
  retirement_date_unreadable: { zh: '到龄年月', en: 'Retirement month' },
  retirement_date_odd: { zh: '到龄年月', en: 'Retirement month' },
  post_since_after_snapshot: { zh: '任现职时间', en: 'In post since' },
  work_start_after_snapshot: { zh: '参加工作时间', en: 'Started work' },
  level_since_after_snapshot: { zh: '任现职务层次时间', en: 'At level since' },
  work_start_date_unreadable: { zh: '参加工作时间', en: 'Work start' },
  party_join_date_unreadable: { zh: '入党时间', en: 'Party join date' },
  post_since_unreadable: { zh: '任现职时间', en: 'In post since' },
  level_since_unreadable: { zh: '任现职务层次时间', en: 'At level since' },
};

/** The text of a message in a language; an unknown code is shown as it is. */
export function formatMessage(code: string, params: Params = {}, lang: Lang = 'zh'): string {
  const entry = (MESSAGES as Record<string, Entry>)[code];
  if (!entry) return code;
  const t = entry[lang];
  return typeof t === 'function' ? t(params) : t.replace(/\{(\w+)\}/g, (_, k) => v(params, k));
}

/** "Cannot read file X: why", the full sentence for a file that cannot be read. */
export function fileMessage(file: string, code: string, params: Params = {}, lang: Lang = 'zh') {
  const text = formatMessage(code, params, lang);
  if (!file) return lang === 'zh' ? text : text[0].toUpperCase() + text.slice(1);
  return lang === 'zh' ? `无法读取文件“${file}”：${text}` : `Cannot read “${file}”: ${text}`;
}

/**
 * A reader's failure, before it is known which file it belongs to (readers run in workers and
 * know only bytes). The message is Chinese; `detail` keeps the engine's words, if any.
 */
export class ReadError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: Params = {},
    readonly detail?: string,
  ) {
    super(formatMessage(code, params, 'zh'));
    this.name = 'ReadError';
  }
}

/**
 * A file that cannot be read or loaded. `message` is the Chinese sentence (for compatibility and
 * logs); `text(lang)` gives it in either language; `detail` is the technical cause, shown only
 * behind a "详细信息" toggle or with the CLI's --verbose.
 */
export class LoadError extends Error {
  constructor(
    readonly file: string,
    readonly code: MessageCode,
    readonly params: Params = {},
    readonly detail?: string,
  ) {
    super(fileMessage(file, code, params, 'zh'));
    this.name = 'LoadError';
  }

  text(lang: Lang): string {
    return fileMessage(this.file, this.code, this.params, lang);
  }
}

/** The user cancelled the load; nothing was changed. */
export class LoadCancelled extends Error {
  readonly code = 'cancelled';
  constructor() {
    super(formatMessage('cancelled'));
    this.name = 'LoadCancelled';
  }
}

/** The first line of an error's own text, as technical detail. */
export function errorDetail(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.split('\n')[0].slice(0, 500);
}

const OUT_OF_MEMORY =
  /out of memory|allocation failed|allocation size|array buffer allocation|invalid typed array length|invalid array buffer length|invalid string length|memory access out of bounds|cannot enlarge memory|could not allocate|malloc of size \d+ failed/i;

/**
 * Any failure as a LoadError: our own errors keep their code; running out of memory says so;
 * anything else gets `fallback` with the engine's text as detail only.
 */
export function asLoadError(
  e: unknown,
  file: string,
  fallback: MessageCode,
  params: Params = {},
): Error {
  if (e instanceof LoadError || e instanceof LoadCancelled) return e;
  if (e instanceof ReadError) return new LoadError(file, e.code, e.params, e.detail);
  const detail = errorDetail(e);
  if (OUT_OF_MEMORY.test(detail)) return new LoadError(file, 'out_of_memory', {}, detail);
  return new LoadError(file, fallback, params, detail);
}

/** One rejected row, as the loader reports it. */
export interface RejectedRow {
  file: string;
  row: number;
  name: string | null;
  code: string;
  /** The raw values the reason names (the birth date as written, the person id …). */
  params?: Params;
  /** The reason in Chinese (the report's language by default). */
  reason: string;
  /** The snapshot date the row was for (YYYY-MM-DD), when it had one: Q1 counts it there. */
  snapshot?: string;
}

/** One data-quality note on a loaded row. */
export interface RowWarning {
  file: string;
  row: number;
  name: string | null;
  field: string;
  code: string;
  params?: Params;
  message: string;
}

/** Why a row was rejected, in a language (a report kept by an older version has only Chinese). */
export function rejectReason(r: Pick<RejectedRow, 'code' | 'params' | 'reason'>, lang: Lang) {
  return r.params ? formatMessage(r.code, r.params, lang) : r.reason;
}

/** A data-quality note's field and text in a language. */
export function warningText(
  w: Pick<RowWarning, 'code' | 'params' | 'field' | 'message'>,
  lang: Lang,
) {
  return {
    field: WARNING_FIELDS[w.code]?.[lang] ?? w.field,
    message: w.params ? formatMessage(w.code, w.params, lang) : w.message,
  };
}

/** A rejected row or note with its texts in `lang` (the report JSON of the CLI, --lang). */
export function inLanguage<T extends RejectedRow | RowWarning>(r: T, lang: Lang): T {
  if ('reason' in r) return { ...r, reason: rejectReason(r, lang) };
  return { ...r, ...warningText(r, lang) };
}
