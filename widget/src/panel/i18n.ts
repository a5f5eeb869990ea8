// The panel's labels in the languages the widget ships (entry/i18n.ts has the entry's few
// words). One '|'-separated string per language in the order of KEYS: keys written once keep
// every language a few hundred bytes, and a missing or empty entry falls back to English.

export const KEYS = [
  'offline',
  'restart',
  'close',
  'erase',
  'eraseAsk',
  'eraseYes',
  'cancel',
  'erased',
  'asking',
  'log',
  'message',
  'placeholder',
  'stop',
  'send',
  'unquote',
  'stopped',
  'notSent',
  'sources',
  'up',
  'down',
  'thanks',
  'more',
  'sendFeedback',
  'typing',
  'retry',
  'explain',
  'slow',
  'outage',
  'disclosure',
] as const

export type Strings = Record<(typeof KEYS)[number], string>

export const TABLE: Record<string, string> = {
  en: 'Offline model|New conversation|Close chat|Erase my data|Erase this conversation for good?|Erase|Cancel|Conversation erased.|Asking about:|Conversation|Message|Ask a question…|Stop|Send|Remove quote|Stopped|Not sent|Sources|Helpful|Not helpful|Thanks for the feedback|Tell us more (optional)|Send feedback|Assistant is typing|Retry|Explain this|Taking longer than usual…|The assistant isn’t responding. Retrying…|AI assistant – answers can be wrong',
  de: 'Offline-Modell|Neues Gespräch|Chat schließen|Meine Daten löschen|Dieses Gespräch endgültig löschen?|Löschen|Abbrechen|Gespräch gelöscht.|Frage zu:|Gespräch|Nachricht|Stellen Sie eine Frage…|Stopp|Senden|Zitat entfernen|Gestoppt|Nicht gesendet|Quellen|Hilfreich|Nicht hilfreich|Danke für Ihr Feedback|Mehr dazu (optional)|Feedback senden|Der Assistent schreibt|Erneut versuchen|Erkläre das|Dauert länger als üblich…|Der Assistent antwortet nicht. Neuer Versuch…|KI-Assistent – Antworten können falsch sein',
  fr: 'Modèle hors ligne|Nouvelle conversation|Fermer le chat|Effacer mes données|Effacer définitivement cette conversation ?|Effacer|Annuler|Conversation effacée.|À propos de :|Conversation|Message|Posez une question…|Arrêter|Envoyer|Retirer la citation|Arrêté|Non envoyé|Sources|Utile|Pas utile|Merci pour votre avis|Dites-nous en plus (facultatif)|Envoyer l’avis|L’assistant écrit|Réessayer|Explique-moi ceci|Plus long que d’habitude…|L’assistant ne répond pas. Nouvel essai…|Assistant IA – les réponses peuvent être fausses',
  es: 'Modelo sin conexión|Nueva conversación|Cerrar el chat|Borrar mis datos|¿Borrar esta conversación para siempre?|Borrar|Cancelar|Conversación borrada.|Sobre:|Conversación|Mensaje|Haz una pregunta…|Detener|Enviar|Quitar la cita|Detenido|No enviado|Fuentes|Útil|No es útil|Gracias por tu opinión|Cuéntanos más (opcional)|Enviar opinión|El asistente está escribiendo|Reintentar|Explícame esto|Tarda más de lo normal…|El asistente no responde. Reintentando…|Asistente de IA: las respuestas pueden ser erróneas',
  it: 'Modello offline|Nuova conversazione|Chiudi la chat|Cancella i miei dati|Cancellare definitivamente questa conversazione?|Cancella|Annulla|Conversazione cancellata.|Riguardo a:|Conversazione|Messaggio|Fai una domanda…|Interrompi|Invia|Rimuovi la citazione|Interrotta|Non inviato|Fonti|Utile|Non utile|Grazie per il feedback|Dicci di più (facoltativo)|Invia feedback|L’assistente sta scrivendo|Riprova|Spiegami questo|Ci vuole più del solito…|L’assistente non risponde. Nuovo tentativo…|Assistente IA: le risposte possono essere sbagliate',
  nl: 'Offline model|Nieuw gesprek|Chat sluiten|Mijn gegevens wissen|Dit gesprek definitief wissen?|Wissen|Annuleren|Gesprek gewist.|Vraag over:|Gesprek|Bericht|Stel een vraag…|Stop|Versturen|Citaat verwijderen|Gestopt|Niet verstuurd|Bronnen|Nuttig|Niet nuttig|Bedankt voor je feedback|Vertel meer (optioneel)|Feedback versturen|De assistent typt|Opnieuw proberen|Leg dit uit|Duurt langer dan normaal…|De assistent reageert niet. Nieuwe poging…|AI-assistent – antwoorden kunnen onjuist zijn',
  pt: 'Modelo offline|Nova conversa|Fechar o chat|Apagar os meus dados|Apagar esta conversa definitivamente?|Apagar|Cancelar|Conversa apagada.|Sobre:|Conversa|Mensagem|Faça uma pergunta…|Parar|Enviar|Remover citação|Parada|Não enviada|Fontes|Útil|Não foi útil|Obrigado pelo feedback|Conte-nos mais (opcional)|Enviar feedback|O assistente está a escrever|Tentar novamente|Explique isto|Está a demorar mais do que o habitual…|O assistente não responde. A tentar de novo…|Assistente de IA – as respostas podem estar erradas',
  pl: 'Model offline|Nowa rozmowa|Zamknij czat|Usuń moje dane|Usunąć tę rozmowę na zawsze?|Usuń|Anuluj|Rozmowa usunięta.|Pytanie o:|Rozmowa|Wiadomość|Zadaj pytanie…|Zatrzymaj|Wyślij|Usuń cytat|Zatrzymano|Nie wysłano|Źródła|Pomocne|Niepomocne|Dziękujemy za opinię|Powiedz więcej (opcjonalnie)|Wyślij opinię|Asystent pisze|Spróbuj ponownie|Wyjaśnij to|Trwa to dłużej niż zwykle…|Asystent nie odpowiada. Próbujemy ponownie…|Asystent AI – odpowiedzi mogą być błędne',
  ar: 'نموذج غير متصل|محادثة جديدة|إغلاق المحادثة|مسح بياناتي|مسح هذه المحادثة نهائيًا؟|مسح|إلغاء|تم مسح المحادثة.|بخصوص:|المحادثة|رسالة|اطرح سؤالاً…|إيقاف|إرسال|إزالة الاقتباس|تم الإيقاف|لم تُرسل|المصادر|مفيد|غير مفيد|شكرًا على ملاحظاتك|أخبرنا بالمزيد (اختياري)|إرسال الملاحظات|المساعد يكتب|إعادة المحاولة|اشرح هذا|يستغرق وقتًا أطول من المعتاد…|المساعد لا يستجيب. نعيد المحاولة…|مساعد ذكاء اصطناعي – قد تكون الإجابات خاطئة',
  he: "מודל לא מקוון|שיחה חדשה|סגירת הצ'אט|מחיקת הנתונים שלי|למחוק את השיחה לצמיתות?|מחיקה|ביטול|השיחה נמחקה.|לגבי:|שיחה|הודעה|שאלו שאלה…|עצירה|שליחה|הסרת הציטוט|נעצר|לא נשלח|מקורות|מועיל|לא מועיל|תודה על המשוב|ספרו לנו עוד (לא חובה)|שליחת משוב|העוזר מקליד|ניסיון חוזר|הסבר את זה|זה לוקח יותר זמן מהרגיל…|העוזר לא מגיב. מנסים שוב…|עוזר בינה מלאכותית – התשובות עלולות להיות שגויות",
}

/** The labels for `lang` (a language the widget ships; anything else reads English). */
export function loadStrings(lang: string): Strings {
  const english = (TABLE.en ?? '').split('|')
  const own = (TABLE[lang] ?? '').split('|')
  const strings = {} as Strings
  KEYS.forEach((key, i) => {
    strings[key] = own[i] || english[i] || ''
  })
  return strings
}
